import { Badge, Button } from 'design-react-kit';
import type { User } from '../../api/types';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';
import { roleLabel } from '../../lib/roles';
import { isLocked, type SimpleUserAction } from './userActions';

interface UsersTableProps {
  users: readonly User[];
  currentUserId: string;
  busy: boolean;
  onAction: (user: User, action: SimpleUserAction) => void;
  onResetPassword: (user: User) => void;
  onCameraScope: (user: User) => void;
}

export function UsersTable({
  users,
  currentUserId,
  busy,
  onAction,
  onResetPassword,
  onCameraScope,
}: UsersTableProps) {
  const t = useT();
  const format = useFormat();

  if (users.length === 0) return <p>{t('users.empty')}</p>;

  return (
    <div className="table-responsive">
      <table className="table table-hover align-middle">
        <caption className="visually-hidden">{t('users.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">{t('users.totp')}</th>
            <th scope="col">{t('users.lockedUntil')}</th>
            <th scope="col">{t('users.lastLogin')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const locked = isLocked(user);
            return (
              <tr key={user.id} data-username={user.username}>
                <th scope="row">
                  <code>{user.username}</code>
                  {user.id === currentUserId ? (
                    <span className="ms-1 small">{t('users.you')}</span>
                  ) : null}
                </th>
                <td>{user.displayName}</td>
                <td>
                  {roleLabel(t, user.role)}
                  {user.cameraGroups ? (
                    <span className="d-block small text-secondary">
                      {t('users.onlyGroups', { groups: user.cameraGroups.join(', ') })}
                    </span>
                  ) : null}
                </td>
                <td>
                  <Badge color={user.status === 'active' ? 'success' : 'secondary'}>
                    {user.status === 'active' ? t('users.active') : t('users.disabled')}
                  </Badge>
                  {user.mustChangePassword ? (
                    <span className="d-block small text-secondary">{t('users.mustChange')}</span>
                  ) : null}
                </td>
                <td>{user.totpEnabled ? t('common.yes') : t('common.no')}</td>
                <td>{locked ? format.dateTime(user.lockedUntil) : t('common.none')}</td>
                <td>{user.lastLoginAt ? format.dateTime(user.lastLoginAt) : t('common.never')}</td>
                <td>
                  <div
                    className="d-flex flex-wrap gap-1"
                    role="group"
                    aria-label={t('users.actionsFor', { username: user.username })}
                  >
                    {user.status === 'active' ? (
                      <Button
                        size="xs"
                        color="danger"
                        outline
                        disabled={busy}
                        onClick={() => onAction(user, 'disable')}
                      >
                        {t('users.disable')}
                      </Button>
                    ) : (
                      <Button
                        size="xs"
                        color="primary"
                        outline
                        disabled={busy}
                        onClick={() => onAction(user, 'enable')}
                      >
                        {t('users.enable')}
                      </Button>
                    )}
                    <Button
                      size="xs"
                      color="primary"
                      outline
                      disabled={busy}
                      onClick={() => onResetPassword(user)}
                    >
                      {t('users.resetPassword')}
                    </Button>
                    <Button
                      size="xs"
                      color="primary"
                      outline
                      disabled={busy}
                      onClick={() => onCameraScope(user)}
                    >
                      {t('users.cameras')}
                    </Button>
                    {locked ? (
                      <Button
                        size="xs"
                        color="primary"
                        outline
                        disabled={busy}
                        onClick={() => onAction(user, 'unlock')}
                      >
                        {t('users.unlock')}
                      </Button>
                    ) : null}
                    {user.totpEnabled ? (
                      <Button
                        size="xs"
                        color="primary"
                        outline
                        disabled={busy}
                        onClick={() => onAction(user, 'reset-totp')}
                      >
                        {t('users.resetTotp')}
                      </Button>
                    ) : null}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
