import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { useT, type MessageKey } from '../i18n';

interface ComingSoonPageProps {
  title: MessageKey;
  description: MessageKey;
  icon?: string;
}

/** Placeholder for an area not built yet: says what will be there. */
export function ComingSoonPage({ title, description, icon = 'it-clock' }: ComingSoonPageProps) {
  const t = useT();
  return (
    <section>
      <PageHeader title={t(title)} />
      <div className="callout note" data-testid="coming-soon">
        <div className="callout-title">
          <Icon name={icon} />
          <span>{t('comingSoon.title')}</span>
        </div>
        <p>{t(description)}</p>
        <p className="mb-0 text-secondary">{t('comingSoon.text')}</p>
      </div>
    </section>
  );
}
