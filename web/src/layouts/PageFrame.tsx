import type { ReactNode } from 'react';
import { AlarmBanner } from '../components/AlarmBanner';
import { AppFooter } from '../components/AppFooter';
import { AppHeader } from '../components/AppHeader';
import { useT } from '../i18n';

interface PageFrameProps {
  variant: 'full' | 'restricted' | 'public';
  children: ReactNode;
  narrow?: boolean;
}

/** Skip link, header, main landmark, footer: shared by every page. */
export function PageFrame({ variant, children, narrow = false }: PageFrameProps) {
  const t = useT();
  return (
    <div className="d-flex flex-column min-vh-100">
      <a className="visually-hidden-focusable vd-skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <AppHeader variant={variant} />
      <main id="main-content" tabIndex={-1} className="flex-grow-1 py-4 py-lg-5">
        <div className={`container${narrow ? ' vd-narrow' : ''}`}>
          {variant === 'full' ? <AlarmBanner /> : null}
          {children}
        </div>
      </main>
      <AppFooter />
    </div>
  );
}
