import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Role, User } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { useT } from '../../i18n';
import { isRole, KNOWN_ROLES, roleLabel } from '../../lib/roles';

interface NewUserFormProps {
  onCreated: (user: User) => void;
  onCancel: () => void;
}

export function NewUserForm({ onCreated, onCancel }: NewUserFormProps) {
  const t = useT();
  const action = useAction();
  const fields = useFieldErrors(action.error, action.clearError);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = fields.check({
      username: !username.trim() && fields.required,
      displayName: !displayName.trim() && fields.required,
      role: !role && fields.required,
      password: !password && fields.required,
    });
    if (!ok || !role) return;
    void action.run(async () => {
      const trimmedEmail = email.trim();
      const user = await unwrap(
        api.POST('/api/users', {
          body: {
            username: username.trim(),
            displayName: displayName.trim(),
            role,
            password,
            ...(trimmedEmail ? { email: trimmedEmail } : {}),
          },
        }),
      );
      onCreated(user);
    });
  };

  return (
    <form ref={fields.formRef} onSubmit={submit} aria-labelledby="new-user-title" noValidate>
      <h2 className="h4 mb-3" id="new-user-title">
        {t('users.newUser')}
      </h2>
      <ErrorAlert error={action.error} />
      <div className="row">
        <TextField
          className="col-12 col-md-6"
          id="new-user-username"
          label={t('users.username')}
          value={username}
          onChange={setUsername}
          invalid={fields.of('username')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <TextField
          className="col-12 col-md-6"
          id="new-user-display-name"
          label={t('users.displayName')}
          value={displayName}
          onChange={setDisplayName}
          invalid={fields.of('displayName')}
          autoComplete="off"
          required
        />
        <SelectField
          className="col-12 col-md-6"
          id="new-user-role"
          label={t('users.role')}
          value={role}
          onChange={(value) => setRole(isRole(value) ? value : '')}
          invalid={fields.of('role')}
          placeholder={t('users.selectRole')}
          options={KNOWN_ROLES.map((code) => ({ value: code, label: roleLabel(t, code) }))}
          required
        />
        <TextField
          className="col-12 col-md-6"
          id="new-user-email"
          type="email"
          label={t('users.email')}
          value={email}
          onChange={setEmail}
          invalid={fields.of('email')}
          autoComplete="off"
        />
        <TextField
          className="col-12 col-md-6"
          id="new-user-password"
          type="password"
          label={t('users.initialPassword')}
          hint={t('users.initialPasswordHint')}
          value={password}
          onChange={setPassword}
          invalid={fields.of('password')}
          autoComplete="new-password"
          required
        />
      </div>
      <div className="d-flex gap-2">
        <Button type="submit" color="primary" disabled={action.pending}>
          {t('users.create')}
        </Button>
        <Button type="button" color="secondary" outline onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
