import { Navigate, NavLink, Outlet, useLocation } from 'react-router-dom';
import type { Permission } from '../../api/types';
import { useT, type MessageKey } from '../../i18n';
import { usePermissions } from '../../session/context';

interface Section {
  path: string;
  label: MessageKey;
  anyOf: readonly Permission[];
}

/** Who reads the disciplinare page (privacy officer and administrator also change it). */
export const DISCIPLINARE_READERS: readonly Permission[] = [
  'privacy.manage',
  'settings.manage',
  'bodycam.manage',
  'bodycam.view',
];

export const BODYCAM_SECTIONS: readonly Section[] = [
  { path: '/bodycam/consegna', label: 'bodycams.tabs.shift', anyOf: ['bodycam.manage'] },
  { path: '/bodycam/formazione', label: 'bodycams.tabs.training', anyOf: ['bodycam.manage'] },
  { path: '/bodycam/mie', label: 'bodycams.tabs.mine', anyOf: ['bodycam.own'] },
  {
    path: '/bodycam/riprese',
    label: 'bodycams.tabs.clips',
    anyOf: ['bodycam.view', 'privacy.manage'],
  },
  {
    path: '/bodycam/disciplinare',
    label: 'compliance.disciplinare.tab',
    anyOf: DISCIPLINARE_READERS,
  },
];

/** Bodycam: tabs for the shift change, the training register, one's own clips and the register. */
export function BodycamsLayout() {
  const t = useT();
  const location = useLocation();
  const { canAny } = usePermissions();
  const sections = BODYCAM_SECTIONS.filter((s) => canAny(s.anyOf));
  const first = sections[0];
  if (first && location.pathname.replace(/\/$/, '') === '/bodycam') {
    return <Navigate to={first.path} replace />;
  }
  return (
    <div className="vd-bodycams">
      {sections.length > 1 ? (
        <nav aria-label={t('bodycams.tabs.sections')} className="mb-4">
          <ul className="nav nav-tabs">
            {sections.map((s) => (
              <li className="nav-item" key={s.path}>
                <NavLink className="nav-link" to={s.path}>
                  {t(s.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Outlet />
    </div>
  );
}
