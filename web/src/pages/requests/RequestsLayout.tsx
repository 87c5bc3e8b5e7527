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
  { path: '/richieste', label: 'requestOps.tabs.queue', anyOf: ['request.read'], end: true },
  { path: '/richieste/nuova', label: 'requestOps.tabs.create', anyOf: ['request.create'] },
  {
    path: '/richieste/quarantena',
    label: 'requestOps.tabs.quarantine',
    anyOf: ['request.process'],
  },
  {
    path: '/richieste/posta',
    label: 'requestOps.tabs.outbox',
    anyOf: ['request.process', 'settings.manage'],
  },
  { path: '/richieste/modelli', label: 'requestOps.tabs.templates', anyOf: ['settings.manage'] },
  {
    path: '/richieste/importa',
    label: 'requestOps.tabs.import',
    anyOf: ['request.process', 'settings.manage'],
  },
];

/** Richieste: tabs for the queue, the form, the quarantine, the outbox, templates and imports. */
export function RequestsLayout() {
  const t = useT();
  const location = useLocation();
  const { canAny } = usePermissions();
  const sections = SECTIONS.filter((section) => canAny(section.anyOf));
  const first = sections[0];
  const atRoot = location.pathname.replace(/\/$/, '') === '/richieste';
  // An officer (no queue) lands on the form.
  if (first && atRoot && !canAny(['request.read'])) return <Navigate to={first.path} replace />;

  return (
    <>
      {sections.length > 1 ? (
        <nav aria-label={t('requestOps.tabs.sections')} className="mb-4">
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
