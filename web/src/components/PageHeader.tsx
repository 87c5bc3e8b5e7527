import { useEffect, type ReactNode } from 'react';
import { useT } from '../i18n';

interface PageHeaderProps {
  title: string;
  intro?: string;
  actions?: ReactNode;
}

/** Page title (the page's only h1) and the document title. */
export function PageHeader({ title, intro, actions }: PageHeaderProps) {
  const t = useT();
  useEffect(() => {
    document.title = `${title} · ${t('app.title')}`;
  }, [title, t]);
  return (
    <div className="d-flex flex-wrap align-items-start justify-content-between gap-3 mb-4">
      <div>
        <h1 className="h2 mb-2">{title}</h1>
        {intro ? <p className="lead mb-0 text-secondary vd-intro">{intro}</p> : null}
      </div>
      {actions ? <div className="d-flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}
