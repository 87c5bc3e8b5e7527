import { Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { Notice } from '../components/Notice';
import { PageHeader } from '../components/PageHeader';
import { TextField } from '../components/TextField';
import { useAction } from '../hooks/useAction';
import { useFieldErrors } from '../hooks/useFieldErrors';
import { useT } from '../i18n';
import type { LoginLocationState } from '../layouts/RequireAuth';
import { useSession } from '../session/context';

/**
 * The one-time token travels in the URL fragment (`/setup#token=…`), which browsers
 * never send to the server, to logs or to referrers.
 */
function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

export function SetupPage() {
  const t = useT();
  const navigate = useNavigate();
  const { state } = useSession();
  const action = useAction();
  const fields = useFieldErrors(action.error, action.clearError);
  const [token] = useState(tokenFromFragment);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');

  // Once read, the token is removed from the address bar (and from the history entry).
  useEffect(() => {
    if (window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname);
    }
  }, []);

  if (state.status === 'loading') return <Loading />;

  const setupDone =
    state.status === 'authenticated' || (state.status === 'anonymous' && !state.setupRequired);
  if (setupDone) {
    return (
      <section className="vd-auth-card card shadow-sm p-4 p-md-5">
        <PageHeader title={t('setup.title')} />
        <Notice kind="info">{t('setup.alreadyDone')}</Notice>
        <Link to="/login" className="btn btn-primary">
          {t('setup.goToLogin')}
        </Link>
      </section>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = fields.check({
      username: !username.trim() && fields.required,
      displayName: !displayName.trim() && fields.required,
      password: !password && fields.required,
      confirm: password !== confirm && t('common.passwordMismatch'),
    });
    if (!ok) return;
    void action.run(async () => {
      await unwrap(api.POST('/api/setup', { body: { token, username, displayName, password } }));
      const loginState: LoginLocationState = { notice: 'setupDone' };
      void navigate('/login', { replace: true, state: loginState });
    });
  };

  return (
    <section className="vd-auth-card card shadow-sm p-4 p-md-5">
      <PageHeader title={t('setup.title')} intro={t('setup.intro')} />
      <ErrorAlert error={state.status === 'error' ? state.error : null} />
      {token ? null : <Notice kind="danger">{t('setup.missingToken')}</Notice>}
      <ErrorAlert error={action.error} />
      <form ref={fields.formRef} onSubmit={submit} noValidate>
        <TextField
          id="setup-username"
          label={t('setup.username')}
          value={username}
          onChange={setUsername}
          invalid={fields.of('username')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField
          id="setup-display-name"
          label={t('setup.displayName')}
          value={displayName}
          onChange={setDisplayName}
          invalid={fields.of('displayName')}
          autoComplete="name"
          required
        />
        <TextField
          id="setup-password"
          type="password"
          label={t('setup.password')}
          value={password}
          onChange={setPassword}
          invalid={fields.of('password')}
          autoComplete="new-password"
          required
        />
        <TextField
          id="setup-password-confirm"
          type="password"
          label={t('setup.passwordConfirm')}
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
          invalid={fields.of('confirm')}
          required
        />
        <Button type="submit" color="primary" disabled={action.pending || !token}>
          {t('setup.submit')}
        </Button>
      </form>
    </section>
  );
}
