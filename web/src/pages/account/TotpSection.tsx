import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrapVoid } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { useT } from '../../i18n';
import { useAuthenticatedSession, useSession } from '../../session/context';
import { TotpEnrolment } from './TotpEnrolment';

export function TotpSection() {
  const t = useT();
  const { user } = useAuthenticatedSession();
  const { refresh } = useSession();
  const disable = useAction();
  const fields = useFieldErrors(disable.error, disable.clearError);
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const submitDisable = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (!fields.check({ password: !password && fields.required })) return;
    void disable.run(async () => {
      await unwrapVoid(api.POST('/api/me/totp/disable', { body: { password } }));
      setPassword('');
      setMessage(t('account.totpDisabled'));
      await refresh();
    });
  };

  if (!user.totpEnabled) {
    return (
      <>
        {message ? <Notice kind="success">{message}</Notice> : null}
        <p>{t('account.totpOff')}</p>
        <TotpEnrolment onEnabled={() => setMessage(t('account.totpEnabled'))} />
      </>
    );
  }

  return (
    <>
      {message ? <Notice kind="success">{message}</Notice> : null}
      <p>{t('account.totpOn')}</p>
      {user.totpRequired ? (
        <p className="text-secondary">{t('account.totpRequiredByRole')}</p>
      ) : (
        <form ref={fields.formRef} onSubmit={submitDisable} noValidate>
          <ErrorAlert error={disable.error} />
          <TextField
            id="totp-disable-password"
            type="password"
            label={t('account.totpDisablePassword')}
            value={password}
            onChange={setPassword}
            invalid={fields.of('password')}
            autoComplete="current-password"
            required
          />
          <Button type="submit" color="danger" outline disabled={disable.pending}>
            {t('account.totpDisable')}
          </Button>
        </form>
      )}
    </>
  );
}
