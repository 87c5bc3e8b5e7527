import { Link } from 'react-router-dom';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { useT } from '../i18n';

export function AccessDeniedPage() {
  const t = useT();
  return (
    <section aria-labelledby="denied-title">
      <PageHeader title={t('denied.title')} />
      <div className="callout danger" id="denied-title">
        <div className="callout-title">
          <Icon name="it-ban" />
          <span>{t('denied.title')}</span>
        </div>
        <p>{t('denied.text')}</p>
      </div>
      <Link to="/" className="btn btn-outline-primary">
        {t('denied.backHome')}
      </Link>
    </section>
  );
}
