import { Link } from 'react-router-dom';
import { useT } from '../i18n';
import { roleLabel } from '../lib/roles';
import { useAuthenticatedSession, useSession } from '../session/context';
import { Disclosure } from './Disclosure';
import { Icon } from './Icon';

/** Slim-header user button: account page and logout. */
export function UserMenu({ restricted = false }: { restricted?: boolean }) {
  const t = useT();
  const { logout } = useSession();
  const { user } = useAuthenticatedSession();

  return (
    <Disclosure
      buttonClassName="btn btn-primary btn-icon btn-full vd-user-button"
      buttonLabel={t('userMenu.label', { name: user.displayName })}
      button={
        <>
          <span className="rounded-icon" aria-hidden="true">
            <Icon name="it-user" className="icon-primary" />
          </span>
          <span className="d-none d-lg-block" aria-hidden="true">
            {user.displayName}
          </span>
        </>
      }
    >
      {(close) => (
        <div className="link-list-wrapper">
          <p className="px-4 pt-3 mb-1 fw-semibold">{user.displayName}</p>
          <p className="px-4 mb-2 small text-secondary">{roleLabel(t, user.role)}</p>
          <ul className="link-list">
            {restricted ? null : (
              <li>
                <Link className="dropdown-item list-item" to="/account" onClick={close}>
                  <Icon name="it-user" className="icon-sm me-2" />
                  <span>{t('userMenu.account')}</span>
                </Link>
              </li>
            )}
            <li>
              <span className="divider" />
            </li>
            <li>
              <button
                type="button"
                className="btn dropdown-item list-item"
                onClick={() => {
                  close();
                  // The route guard sends the signed-out user to the login page.
                  void logout();
                }}
              >
                <Icon name="it-logout" className="icon-sm me-2" />
                <span>{t('userMenu.logout')}</span>
              </button>
            </li>
          </ul>
        </div>
      )}
    </Disclosure>
  );
}
