import { Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/errors';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import type { User } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import { useT } from '../../i18n';

interface CameraScopeDialogProps {
  user: User | null;
  pending: boolean;
  error: ApiError | null;
  onSubmit: (groups: string[] | null) => void;
  onClose: () => void;
}

/** Which cameras a user may see: all of them, or only those of some groups (a partner command). */
export function CameraScopeDialog({
  user,
  pending,
  error,
  onSubmit,
  onClose,
}: CameraScopeDialogProps) {
  const t = useT();
  const [limited, setLimited] = useState(false);
  const [groups, setGroups] = useState('');
  const fields = useFieldErrors(error);

  const resetFields = fields.reset;
  useEffect(() => {
    setLimited(Boolean(user?.cameraGroups));
    setGroups(user?.cameraGroups?.join(', ') ?? '');
    resetFields();
  }, [user, resetFields]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const names = groups
      .split(',')
      .map((g) => g.trim().toLowerCase())
      .filter(Boolean);
    if (!fields.check({ cameraGroups: limited && names.length === 0 && fields.required })) return;
    onSubmit(limited ? names : null);
  };

  return (
    <Dialog
      open={user !== null}
      title={user ? t('users.cameraScopeTitle', { username: user.username }) : ''}
      onClose={onClose}
    >
      <form ref={fields.formRef} onSubmit={submit} noValidate>
        <ErrorAlert error={error} />
        <fieldset className="mb-3">
          <legend className="h6">{t('users.cameraScope')}</legend>
          <div className="form-check">
            <input
              className="form-check-input"
              type="radio"
              id="scope-all"
              name="scope"
              checked={!limited}
              onChange={() => setLimited(false)}
            />
            <label className="form-check-label" htmlFor="scope-all">
              {t('users.cameraScopeAll')}
            </label>
          </div>
          <div className="form-check">
            <input
              className="form-check-input"
              type="radio"
              id="scope-groups"
              name="scope"
              checked={limited}
              onChange={() => setLimited(true)}
            />
            <label className="form-check-label" htmlFor="scope-groups">
              {t('users.cameraScopeGroups')}
            </label>
          </div>
        </fieldset>
        {limited ? (
          <TextField
            id="scope-group-names"
            label={t('users.cameraGroups')}
            hint={t('users.cameraGroupsHint')}
            value={groups}
            onChange={setGroups}
            invalid={fields.of('cameraGroups')}
            required
            autoFocus
          />
        ) : null}
        <div className="d-flex justify-content-end gap-2">
          <Button type="button" color="secondary" outline onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="primary" disabled={pending}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
