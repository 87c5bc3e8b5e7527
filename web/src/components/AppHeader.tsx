import { Link } from 'react-router-dom';
import { useT } from '../i18n';
import { Icon } from './Icon';
import { LanguageSwitch } from './LanguageSwitch';
import { MainNav } from './MainNav';
import { UserMenu } from './UserMenu';

interface AppHeaderProps {
  /** `full`: navigation and user menu; `restricted`: user menu only; `public`: neither. */
  variant: 'full' | 'restricted' | 'public';
}

/** Bootstrap Italia header: slim bar (corps, language, user), brand, navigation. */
export function AppHeader({ variant }: AppHeaderProps) {
  const t = useT();
  return (
    <header className="it-header-wrapper">
      <div className="it-header-slim-wrapper">
        <div className="container">
          <div className="row">
            <div className="col-12">
              <div className="it-header-slim-wrapper-content">
                <span className="navbar-brand text-white">{t('app.org')}</span>
                <div className="it-header-slim-right-zone gap-2">
                  <LanguageSwitch />
                  {variant === 'public' ? null : <UserMenu restricted={variant === 'restricted'} />}
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>
      <div className="it-nav-wrapper">
        <div className="it-header-center-wrapper it-small-header">
          <div className="container">
            <div className="row">
              <div className="col-12">
                <div className="it-header-center-content-wrapper">
                  <div className="it-brand-wrapper">
                    <Link to="/">
                      <Icon name="it-video" className="icon-white" />
                      <div className="it-brand-text">
                        <div className="it-brand-title">
                          {t('app.name')} — {t('app.product')}
                        </div>
                        <div className="it-brand-tagline d-none d-md-block">{t('app.org')}</div>
                      </div>
                    </Link>
                  </div>
                </div>
              </div>
            </div>
          </div>
        </div>
        {variant === 'full' ? <MainNav /> : null}
      </div>
    </header>
  );
}
