import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import { TotpEnrolment } from './TotpEnrolment';

/** Shown instead of any page while the session must enrol TOTP. */
export function ForcedTotpPage() {
  const t = useT();
  return (
    <section className="vd-auth-card card shadow-sm p-4 p-md-5">
      <PageHeader title={t('account.forcedTotpTitle')} intro={t('account.forcedTotpText')} />
      <TotpEnrolment />
    </section>
  );
}
