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
import { useSession } from '../../session/context';

/** Current + new password (twice) → POST /api/me/password, then re-reads the session. */
export function ChangePasswordForm({ idPrefix = 'pw' }: { idPrefix?: string }) {
  const t = useT();
  const { refresh } = useSession();
  const action = useAction();
  const fields = useFieldErrors(action.error, action.clearError);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const ok = fields.check({
      currentPassword: !currentPassword && fields.required,
      newPassword: !newPassword && fields.required,
      confirm: newPassword !== confirm && t('common.passwordMismatch'),
    });
    if (!ok) return;
    void action.run(async () => {
      await unwrapVoid(api.POST('/api/me/password', { body: { currentPassword, newPassword } }));
      setCurrentPassword('');
      setNewPassword('');
      setConfirm('');
      setDone(true);
      // Lifts the "must change password" restriction and may rotate the CSRF token.
      await refresh();
    });
  };

  return (
    <form ref={fields.formRef} onSubmit={submit} noValidate>
      {done ? <Notice kind="success">{t('account.passwordChanged')}</Notice> : null}
      <ErrorAlert error={action.error} />
      <TextField
        id={`${idPrefix}-current`}
        type="password"
        label={t('account.currentPassword')}
        value={currentPassword}
        onChange={setCurrentPassword}
        invalid={fields.of('currentPassword')}
        autoComplete="current-password"
        required
      />
      <TextField
        id={`${idPrefix}-new`}
        type="password"
        label={t('account.newPassword')}
        value={newPassword}
        onChange={setNewPassword}
        // The password policy's problems come back under `password`.
        invalid={fields.of('newPassword') ?? fields.of('password')}
        autoComplete="new-password"
        required
      />
      <TextField
        id={`${idPrefix}-confirm`}
        type="password"
        label={t('account.confirmPassword')}
        value={confirm}
        onChange={setConfirm}
        autoComplete="new-password"
        invalid={fields.of('confirm')}
        required
      />
      <Button type="submit" color="primary" disabled={action.pending}>
        {t('account.changePassword')}
      </Button>
    </form>
  );
}
