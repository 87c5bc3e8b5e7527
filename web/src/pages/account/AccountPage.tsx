import type { ReactNode } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { useT } from '../../i18n';
import { roleLabel } from '../../lib/roles';
import { useAuthenticatedSession } from '../../session/context';
import { ChangePasswordForm } from './ChangePasswordForm';
import { LogoutAllSection } from './LogoutAllSection';
import { TotpSection } from './TotpSection';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Panel as="section" className="mb-4" aria-labelledby={id}>
      <h2 className="h4 card-title mb-4" id={id}>
        {title}
      </h2>
      {children}
    </Panel>
  );
}

export function AccountPage() {
  const t = useT();
  const { user } = useAuthenticatedSession();
  return (
    <>
      <PageHeader title={t('account.title')} />
      <div className="row">
        <div className="col-12 col-xl-8">
          <Section id="account-profile" title={t('account.profile')}>
            <dl className="row mb-0">
              <dt className="col-sm-4">{t('users.displayName')}</dt>
              <dd className="col-sm-8">{user.displayName}</dd>
              <dt className="col-sm-4">{t('users.username')}</dt>
              <dd className="col-sm-8">
                <code>{user.username}</code>
              </dd>
              <dt className="col-sm-4">{t('users.role')}</dt>
              <dd className="col-sm-8">{roleLabel(t, user.role)}</dd>
              <dt className="col-sm-4">{t('account.email')}</dt>
              <dd className="col-sm-8 mb-0">{user.email ?? t('common.none')}</dd>
            </dl>
          </Section>
          <Section id="account-password" title={t('account.passwordTitle')}>
            <ChangePasswordForm />
          </Section>
          <Section id="account-totp" title={t('account.totpTitle')}>
            <TotpSection />
          </Section>
          <Section id="account-sessions" title={t('account.sessionsTitle')}>
            <LogoutAllSection />
          </Section>
        </div>
      </div>
    </>
  );
}
