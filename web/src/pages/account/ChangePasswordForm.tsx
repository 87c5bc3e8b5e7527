import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrapVoid } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useT } from '../../i18n';
import { useSession } from '../../session/context';

/** Current + new password (twice) → POST /api/me/password, then re-reads the session. */
export function ChangePasswordForm({ idPrefix = 'pw' }: { idPrefix?: string }) {
  const t = useT();
  const { refresh } = useSession();
  const action = useAction();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (newPassword !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
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
    <form onSubmit={submit}>
      {done ? <Notice kind="success">{t('account.passwordChanged')}</Notice> : null}
      <ErrorAlert error={action.error} />
      <TextField
        id={`${idPrefix}-current`}
        type="password"
        label={t('account.currentPassword')}
        value={currentPassword}
        onChange={setCurrentPassword}
        autoComplete="current-password"
        required
      />
      <TextField
        id={`${idPrefix}-new`}
        type="password"
        label={t('account.newPassword')}
        value={newPassword}
        onChange={setNewPassword}
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
        invalid={mismatch ? t('common.passwordMismatch') : undefined}
        required
      />
      <Button type="submit" color="primary" disabled={action.pending}>
        {t('account.changePassword')}
      </Button>
    </form>
  );
}
