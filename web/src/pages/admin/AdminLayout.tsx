import { Navigate, NavLink, Outlet, useLocation } from 'react-router-dom';
import { useT } from '../../i18n';
import { ADMIN_SECTIONS } from '../../session/areas';
import { usePermissions } from '../../session/context';

/** Administration area: secondary navigation over the sections the user may open. */
export function AdminLayout() {
  const t = useT();
  const location = useLocation();
  const { canAny } = usePermissions();
  const sections = ADMIN_SECTIONS.filter((section) => canAny(section.anyOf));

  const first = sections[0];
  if (first && location.pathname.replace(/\/$/, '') === '/admin') {
    return <Navigate to={first.path} replace />;
  }

  return (
    <>
      <nav aria-label={t('nav.adminSections')} className="mb-4">
        <ul className="nav nav-tabs">
          {sections.map((section) => (
            <li className="nav-item" key={section.id}>
              <NavLink className="nav-link" to={section.path}>
                {t(section.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
