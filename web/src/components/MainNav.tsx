import { useEffect, useState } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { useT } from '../i18n';
import { AREAS } from '../session/areas';
import { usePermissions } from '../session/context';
import { Icon } from './Icon';

/** Top navigation with the areas the user may open; collapses on small screens. */
export function MainNav() {
  const t = useT();
  const { canAny } = usePermissions();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const areas = AREAS.filter((area) => canAny(area.anyOf));

  // Close the mobile menu after navigating.
  useEffect(() => setOpen(false), [location.pathname]);

  return (
    <div className="it-header-navbar-wrapper">
      <div className="container">
        <div className="row">
          <div className="col-12">
            <nav className="navbar navbar-expand-lg" aria-label={t('nav.main')}>
              <button
                className="custom-navbar-toggler"
                type="button"
                aria-controls="vd-main-nav"
                aria-expanded={open}
                aria-label={open ? t('nav.closeMenu') : t('nav.openMenu')}
                onClick={() => setOpen((value) => !value)}
              >
                <Icon name="it-burger" />
              </button>
              <div
                className={`navbar-collapsable${open ? ' expanded' : ''}`}
                id="vd-main-nav"
                style={open ? { display: 'block' } : undefined}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') setOpen(false);
                }}
              >
                <div
                  className="overlay"
                  style={open ? { display: 'block' } : undefined}
                  onClick={() => setOpen(false)}
                />
                <div className="close-div">
                  <button className="btn close-menu" type="button" onClick={() => setOpen(false)}>
                    <span className="visually-hidden">{t('nav.closeMenu')}</span>
                    <Icon name="it-close-big" />
                  </button>
                </div>
                <div className="menu-wrapper">
                  <ul className="navbar-nav">
                    <li className="nav-item">
                      <NavLink className="nav-link" to="/" end>
                        <span>{t('nav.home')}</span>
                      </NavLink>
                    </li>
                    {areas.map((area) => (
                      <li className="nav-item" key={area.id}>
                        <NavLink className="nav-link" to={area.path}>
                          <span>{t(area.label)}</span>
                        </NavLink>
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
            </nav>
          </div>
        </div>
      </div>
    </div>
  );
}
