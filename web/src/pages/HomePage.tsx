import { Link } from 'react-router-dom';
import { Icon } from '../components/Icon';
import { Panel } from '../components/Panel';
import { PageHeader } from '../components/PageHeader';
import { useT } from '../i18n';
import { useFormat } from '../lib/format';
import { roleLabel } from '../lib/roles';
import { AREAS } from '../session/areas';
import { useAuthenticatedSession, usePermissions } from '../session/context';

/** Welcome dashboard: who is signed in and the areas they may open. */
export function HomePage() {
  const t = useT();
  const format = useFormat();
  const session = useAuthenticatedSession();
  const { canAny } = usePermissions();
  const areas = AREAS.filter((area) => canAny(area.anyOf));
  const { user } = session;

  return (
    <>
      <PageHeader title={t('home.welcome', { name: user.displayName })} />
      <Panel as="section" className="mb-5" aria-label={t('account.profile')}>
        <dl className="row mb-0">
          <dt className="col-sm-4 col-lg-3">{t('home.role')}</dt>
          <dd className="col-sm-8 col-lg-9" data-testid="home-role">
            {roleLabel(t, user.role)}
          </dd>
          <dt className="col-sm-4 col-lg-3">{t('home.username')}</dt>
          <dd className="col-sm-8 col-lg-9">
            <code>{user.username}</code>
          </dd>
          <dt className="col-sm-4 col-lg-3">{t('home.sessionExpires')}</dt>
          <dd className="col-sm-8 col-lg-9 mb-0">{format.dateTime(session.expiresAt)}</dd>
        </dl>
      </Panel>

      <h2 className="h4 mb-3">{t('home.areas')}</h2>
      {areas.length === 0 ? (
        <p>{t('home.noAreas')}</p>
      ) : (
        <ul className="row list-unstyled g-4">
          {areas.map((area) => (
            <li key={area.id} className="col-12 col-md-6 col-xl-4">
              <Panel as="article" className="h-100 vd-area-card">
                <h3 className="h5 card-title d-flex align-items-center gap-2">
                  <Icon name={area.icon} className="icon-primary" />
                  <Link to={area.path} className="stretched-link text-decoration-none">
                    {t(area.label)}
                  </Link>
                </h3>
                <p className="mb-0">{t(area.description)}</p>
              </Panel>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
