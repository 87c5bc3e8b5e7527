import { NavLink, Outlet } from 'react-router-dom';
import { useT } from '../../i18n';
import './reports.css';

/** Report: the dashboard and the stored monthly reports with the year view. */
export function ReportsLayout() {
  const t = useT();
  return (
    <>
      <nav aria-label={t('reports.tabs.sections')} className="mb-4 d-print-none">
        <ul className="nav nav-tabs">
          <li className="nav-item">
            <NavLink className="nav-link" to="/report" end>
              {t('reports.tabs.dashboard')}
            </NavLink>
          </li>
          <li className="nav-item">
            <NavLink className="nav-link" to="/report/rapporti">
              {t('reports.tabs.reports')}
            </NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
