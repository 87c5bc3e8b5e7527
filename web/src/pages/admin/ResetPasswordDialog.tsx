import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import type { User } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import type { ApiError } from '../../api/errors';
import { useFieldErrors } from '../../hooks/useFieldErrors';
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
  const fields = useFieldErrors(error);

  const close = () => {
    setPassword('');
    setConfirm('');
    fields.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = fields.check({
      password: !password && fields.required,
      confirm: password !== confirm && t('common.passwordMismatch'),
    });
    if (ok) onSubmit(password);
  };

  return (
    <Dialog
      open={user !== null}
      title={user ? t('users.resetPasswordTitle', { username: user.username }) : ''}
      onClose={close}
    >
      <form ref={fields.formRef} onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <TextField
          id="reset-password-new"
          type="password"
          label={t('users.newPassword')}
          hint={t('users.initialPasswordHint')}
          value={password}
          onChange={setPassword}
          invalid={fields.of('password')}
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
          invalid={fields.of('confirm')}
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
