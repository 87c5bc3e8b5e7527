import { Link } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader';
import { useT } from '../i18n';

export function NotFoundPage() {
  const t = useT();
  return (
    <section>
      <PageHeader title={t('notFound.title')} intro={t('notFound.text')} />
      <Link to="/" className="btn btn-outline-primary">
        {t('denied.backHome')}
      </Link>
    </section>
  );
}
