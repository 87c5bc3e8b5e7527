import { Button } from 'design-react-kit';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { useT } from '../i18n';
import { ForcedPasswordPage } from '../pages/account/ForcedPasswordPage';
import { ForcedTotpPage } from '../pages/account/ForcedTotpPage';
import { useSession } from '../session/context';
import { PageFrame } from './PageFrame';

export interface LoginLocationState {
  from?: string;
  notice?: 'expired' | 'logout' | 'setupDone';
}

/**
 * Gate for every authenticated page: waits for the session, sends anonymous users to
 * the login page, and holds restricted sessions on the page that lifts the restriction.
 */
export function RequireAuth() {
  const t = useT();
  const location = useLocation();
  const { state, refresh } = useSession();

  if (state.status === 'loading') {
    return (
      <PageFrame variant="public">
        <Loading />
      </PageFrame>
    );
  }
  if (state.status === 'error') {
    return (
      <PageFrame variant="public">
        <h1 className="h3">{t('app.loadError')}</h1>
        <ErrorAlert error={state.error} />
        <Button color="primary" onClick={() => void refresh()}>
          {t('common.retry')}
        </Button>
      </PageFrame>
    );
  }
  if (state.status === 'anonymous') {
    // After an explicit logout the next user starts from the home page, not the last page seen.
    const loginState: LoginLocationState = {
      from: state.reason === 'logout' ? undefined : `${location.pathname}${location.search}`,
      notice: state.reason,
    };
    return <Navigate to="/login" replace state={loginState} />;
  }

  const { restrictions } = state.session;
  if (restrictions.mustChangePassword) {
    return (
      <PageFrame variant="restricted" narrow>
        <ForcedPasswordPage />
      </PageFrame>
    );
  }
  if (restrictions.mustEnrollTotp) {
    return (
      <PageFrame variant="restricted" narrow>
        <ForcedTotpPage />
      </PageFrame>
    );
  }
  return (
    <PageFrame variant="full">
      <Outlet />
    </PageFrame>
  );
}
