import { Button } from 'design-react-kit';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { User } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { useAuthenticatedSession } from '../../session/context';
import { NewUserForm } from './NewUserForm';
import { CameraScopeDialog } from './CameraScopeDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { resetUserPassword, runUserAction, type SimpleUserAction } from './userActions';
import { UsersTable } from './UsersTable';

interface PendingConfirm {
  user: User;
  action: 'disable' | 'reset-totp';
}

export function UsersPage() {
  const t = useT();
  const session = useAuthenticatedSession();
  const users = useApi((signal) => unwrap(api.GET('/api/users', { signal })), []);
  const rowAction = useAction();
  const resetAction = useAction();
  const [creating, setCreating] = useState(false);
  const [success, setSuccess] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<PendingConfirm | null>(null);
  const [resetTarget, setResetTarget] = useState<User | null>(null);
  const scopeAction = useAction();
  const [scopeTarget, setScopeTarget] = useState<User | null>(null);

  const onScopeSubmit = (groups: string[] | null) => {
    const user = scopeTarget;
    if (!user) return;
    setSuccess(null);
    void scopeAction.run(async () => {
      replaceUser(
        await unwrap(
          api.PATCH('/api/users/{id}', {
            params: { path: { id: user.id } },
            body: { cameraGroups: groups },
          }),
        ),
      );
      setScopeTarget(null);
      setSuccess(t('users.done', { username: user.username }));
    });
  };

  const replaceUser = (updated: User) => {
    users.setData((current) =>
      current
        ? { ...current, items: current.items.map((u) => (u.id === updated.id ? updated : u)) }
        : current,
    );
  };

  const perform = (user: User, action: SimpleUserAction) => {
    setSuccess(null);
    void rowAction.run(async () => {
      replaceUser(await runUserAction(user.id, action));
      setConfirm(null);
      setSuccess(t('users.done', { username: user.username }));
    });
  };

  const onAction = (user: User, action: SimpleUserAction) => {
    if (action === 'disable' || action === 'reset-totp') setConfirm({ user, action });
    else perform(user, action);
  };

  const onResetSubmit = (password: string) => {
    const user = resetTarget;
    if (!user) return;
    setSuccess(null);
    void resetAction.run(async () => {
      replaceUser(await resetUserPassword(user.id, password));
      setResetTarget(null);
      setSuccess(t('users.done', { username: user.username }));
    });
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        intro={t('users.intro')}
        actions={
          creating ? null : (
            <Button color="primary" icon onClick={() => setCreating(true)}>
              <Icon name="it-plus" className="icon-white" />
              <span>{t('users.newUser')}</span>
            </Button>
          )
        }
      />
      {creating ? (
        <Panel className="mb-4">
          <NewUserForm
            onCancel={() => setCreating(false)}
            onCreated={(user) => {
              setCreating(false);
              setSuccess(t('users.created', { username: user.username }));
              users.setData((current) =>
                current ? { ...current, items: [...current.items, user] } : current,
              );
            }}
          />
        </Panel>
      ) : null}
      {success ? (
        <Notice kind="success" onClose={() => setSuccess(null)} closeLabel={t('common.close')}>
          <p className="mb-0">{success}</p>
        </Notice>
      ) : null}
      <ErrorAlert
        error={rowAction.error && !confirm ? rowAction.error : null}
        onClose={rowAction.clearError}
      />
      <ErrorAlert error={users.error} />
      {users.loading && !users.data ? <Loading /> : null}
      {users.data ? (
        <UsersTable
          users={users.data.items}
          currentUserId={session.user.id}
          busy={rowAction.pending}
          onAction={onAction}
          onResetPassword={(user) => {
            resetAction.clearError();
            setResetTarget(user);
          }}
          onCameraScope={(user) => {
            scopeAction.clearError();
            setScopeTarget(user);
          }}
        />
      ) : null}

      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.action === 'disable' ? t('users.disable') : t('users.resetTotp')}
        message={
          confirm
            ? t(confirm.action === 'disable' ? 'users.confirmDisable' : 'users.confirmResetTotp', {
                username: confirm.user.username,
              })
            : ''
        }
        confirmLabel={confirm?.action === 'disable' ? t('users.disable') : t('users.resetTotp')}
        danger
        pending={rowAction.pending}
        error={rowAction.error}
        onConfirm={() => confirm && perform(confirm.user, confirm.action)}
        onCancel={() => {
          rowAction.clearError();
          setConfirm(null);
        }}
      />
      <ResetPasswordDialog
        key={resetTarget?.id ?? 'none'}
        user={resetTarget}
        pending={resetAction.pending}
        error={resetAction.error}
        onSubmit={onResetSubmit}
        onClose={() => setResetTarget(null)}
      />
      <CameraScopeDialog
        user={scopeTarget}
        pending={scopeAction.pending}
        error={scopeAction.error}
        onSubmit={onScopeSubmit}
        onClose={() => setScopeTarget(null)}
      />
    </>
  );
}
