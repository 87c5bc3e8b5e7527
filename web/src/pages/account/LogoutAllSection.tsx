import { Button } from 'design-react-kit';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrapVoid } from '../../api/errors';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useT } from '../../i18n';
import { useSession } from '../../session/context';

export function LogoutAllSection() {
  const t = useT();
  const { signedOut } = useSession();
  const action = useAction();
  const [confirming, setConfirming] = useState(false);

  const confirm = () => {
    void action.run(async () => {
      await unwrapVoid(api.POST('/api/auth/logout-all'));
      setConfirming(false);
      signedOut('logout');
    });
  };

  return (
    <>
      <p>{t('account.sessionsText')}</p>
      <ErrorAlert error={action.error} />
      <Button color="danger" outline onClick={() => setConfirming(true)}>
        {t('account.logoutAll')}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t('account.logoutAll')}
        message={t('account.logoutAllConfirm')}
        confirmLabel={t('account.logoutAll')}
        danger
        pending={action.pending}
        onConfirm={confirm}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
