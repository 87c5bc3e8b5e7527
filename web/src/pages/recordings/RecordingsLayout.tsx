import { Navigate, NavLink, Outlet, useLocation } from 'react-router-dom';
import type { Permission } from '../../api/types';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n';
import { usePermissions } from '../../session/context';

interface Section {
  path: string;
  label: MessageKey;
  anyOf: readonly Permission[];
  end?: boolean;
}

const SECTIONS: readonly Section[] = [
  {
    path: '/registrazioni',
    label: 'recordings.tabPlayback',
    anyOf: ['recording.playback'],
    end: true,
  },
  { path: '/registrazioni/blocchi', label: 'holds.tab', anyOf: ['hold.manage'] },
];

/** Registrazioni area: tabs for playback and preservation holds, each behind its permission. */
export function RecordingsLayout() {
  const t = useT();
  const location = useLocation();
  const { canAny } = usePermissions();
  const sections = SECTIONS.filter((section) => canAny(section.anyOf));

  const first = sections[0];
  const atRoot = location.pathname.replace(/\/$/, '') === '/registrazioni';
  if (first && atRoot && !canAny(['recording.playback'])) {
    return <Navigate to={first.path} replace />;
  }

  return (
    <>
      {sections.length > 1 ? (
        <nav aria-label={t('recordings.sections')} className="mb-4">
          <ul className="nav nav-tabs">
            {sections.map((section) => (
              <li className="nav-item" key={section.path}>
                <NavLink className="nav-link" to={section.path} end={section.end}>
                  {t(section.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Outlet />
    </>
  );
}
