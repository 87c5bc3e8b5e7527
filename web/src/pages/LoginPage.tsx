import { Button } from 'design-react-kit';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
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

/** Where to go after login: only same-app paths, never back to login or setup. */
function safeTarget(from: string | undefined): string {
  if (!from || !from.startsWith('/') || from.startsWith('//')) return '/';
  if (from.startsWith('/login') || from.startsWith('/setup')) return '/';
  return from;
}

export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const locationState = (location.state ?? {}) as LoginLocationState;
  const { state, refresh } = useSession();
  const action = useAction();
  const fields = useFieldErrors(action.error, action.clearError);

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (challengeId) codeRef.current?.focus();
  }, [challengeId]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'authenticated') {
    return <Navigate to={safeTarget(locationState.from)} replace />;
  }

  const finish = async () => {
    const next = await refresh();
    if (next.status === 'authenticated') {
      void navigate(safeTarget(locationState.from), { replace: true });
    }
  };

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    const ok = fields.check({
      username: !username.trim() && fields.required,
      password: !password && fields.required,
    });
    if (!ok) return;
    void action.run(async () => {
      const result = await unwrap(api.POST('/api/auth/login', { body: { username, password } }));
      if (result.status === 'totp_required') {
        setChallengeId(result.challengeId);
        setCode('');
        return;
      }
      setPassword('');
      await finish();
    });
  };

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (!challengeId) return;
    const ok = fields.check({
      code: (!code && fields.required) || (code.length !== 6 && t('login.totpDigits')),
    });
    if (!ok) return;
    void action.run(async () => {
      try {
        await unwrap(api.POST('/api/auth/login/totp', { body: { challengeId, code } }));
      } catch (error) {
        // The challenge lives a few minutes: when it is gone, start again from the password.
        if (error instanceof ApiError && error.code === 'challenge_expired') {
          setChallengeId(null);
          setPassword('');
        }
        throw error;
      }
      setPassword('');
      await finish();
    });
  };

  const backToPassword = () => {
    setChallengeId(null);
    setCode('');
    setPassword('');
    action.clearError();
    fields.reset();
  };

  let notice: string | null = null;
  if (locationState.notice === 'expired') notice = t('login.sessionExpired');
  else if (locationState.notice === 'logout') notice = t('login.loggedOut');
  else if (locationState.notice === 'setupDone') notice = t('login.setupDone');

  return (
    <section className="vd-auth-card card shadow-sm p-4 p-md-5">
      <PageHeader title={t('login.title')} intro={challengeId ? undefined : t('login.intro')} />
      {notice && !action.error ? <Notice kind="info">{notice}</Notice> : null}
      {state.status === 'anonymous' && state.setupRequired ? (
        <Notice kind="warning">{t('login.setupPending')}</Notice>
      ) : null}
      <ErrorAlert error={action.error} />

      {challengeId ? (
        <form ref={fields.formRef} onSubmit={submitCode} aria-labelledby="totp-title" noValidate>
          <h2 className="h4" id="totp-title">
            {t('login.totpTitle')}
          </h2>
          <p>{t('login.totpIntro')}</p>
          <TextField
            id="login-totp"
            ref={codeRef}
            label={t('login.totpCode')}
            hint={t('login.totpHint')}
            value={code}
            invalid={fields.of('code')}
            onChange={(value) => setCode(value.replace(/\D/g, '').slice(0, 6))}
            autoComplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9]{6}"
            maxLength={6}
            required
          />
          <div className="d-flex flex-wrap gap-3 align-items-center">
            <Button type="submit" color="primary" disabled={action.pending}>
              {t('login.submit')}
            </Button>
            <button type="button" className="btn btn-link" onClick={backToPassword}>
              {t('login.back')}
            </button>
          </div>
        </form>
      ) : (
        <form ref={fields.formRef} onSubmit={submitPassword} noValidate>
          <TextField
            id="login-username"
            label={t('login.username')}
            value={username}
            onChange={setUsername}
            invalid={fields.of('username')}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
          />
          <TextField
            id="login-password"
            type="password"
            label={t('login.password')}
            value={password}
            onChange={setPassword}
            invalid={fields.of('password')}
            autoComplete="current-password"
            required
          />
          <Button type="submit" color="primary" disabled={action.pending}>
            {t('login.submit')}
          </Button>
        </form>
      )}
    </section>
  );
}
