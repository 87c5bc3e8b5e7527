import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { Health } from '../api/types';
import { useApi } from '../hooks/useApi';
import { useT } from '../i18n';

/** GET /api/health: a degraded server answers 503 with the same body, which is still shown. */
async function loadHealth(signal: AbortSignal): Promise<Health> {
  const result = await api.GET('/api/health', { signal });
  if (result.response.status === 503 && result.error) return result.error;
  return unwrap(Promise.resolve(result));
}

/** Footer with the server version and health, read from the public /api/health. */
export function AppFooter() {
  const t = useT();
  const health = useApi(loadHealth, []);

  let status: string | null = null;
  if (health.error) status = t('footer.unreachable');
  else if (health.data) {
    status = t('footer.status', {
      status: health.data.status === 'ok' ? t('footer.statusOk') : t('footer.statusDegraded'),
    });
  }

  return (
    <footer className="it-footer vd-footer mt-auto">
      <div className="it-footer-small-prints clearfix">
        <div className="container">
          <div className="d-flex flex-wrap justify-content-between gap-2 py-3 small">
            <span>
              {t('app.name')} · {t('app.org')}
            </span>
            <span data-testid="app-version">
              {health.data ? t('footer.version', { version: health.data.version }) : null}
              {health.data && status ? ' · ' : null}
              {status}
            </span>
          </div>
        </div>
      </div>
    </footer>
  );
}
