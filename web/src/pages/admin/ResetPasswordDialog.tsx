import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import type { User } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import type { ApiError } from '../../api/errors';
import { useT } from '../../i18n';

interface ResetPasswordDialogProps {
  user: User | null;
  pending: boolean;
  error: ApiError | null;
  onSubmit: (password: string) => void;
  onClose: () => void;
}

export function ResetPasswordDialog({
  user,
  pending,
  error,
  onSubmit,
  onClose,
}: ResetPasswordDialogProps) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const close = () => {
    setPassword('');
    setConfirm('');
    setMismatch(false);
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    onSubmit(password);
  };

  return (
    <Dialog
      open={user !== null}
      title={user ? t('users.resetPasswordTitle', { username: user.username }) : ''}
      onClose={close}
    >
      <form onSubmit={submit}>
        <ErrorAlert error={error} />
        <TextField
          id="reset-password-new"
          type="password"
          label={t('users.newPassword')}
          hint={t('users.initialPasswordHint')}
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          required
          autoFocus
        />
        <TextField
          id="reset-password-confirm"
          type="password"
          label={t('account.confirmPassword')}
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
          invalid={mismatch ? t('common.passwordMismatch') : undefined}
          required
        />
        <div className="d-flex justify-content-end gap-2">
          <Button type="button" color="secondary" outline onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="primary" disabled={pending}>
            {t('users.resetPassword')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
