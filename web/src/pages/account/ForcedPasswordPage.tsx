import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Shown instead of any page while the session must change its password. */
export function ForcedPasswordPage() {
  const t = useT();
  return (
    <section className="vd-auth-card card shadow-sm p-4 p-md-5">
      <PageHeader
        title={t('account.forcedPasswordTitle')}
        intro={t('account.forcedPasswordText')}
      />
      <ChangePasswordForm idPrefix="forced-pw" />
    </section>
  );
}
