import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Panel } from '../../components/Panel';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { AcquisitionProgress } from './AcquisitionProgress';
import type { Acquisition } from './evidenceApi';

const STATUSES = ['failed', 'running', 'queued'] as const;

/**
 * Acquisitions not registered (yet): running or queued exports with their progress, and failed
 * ones with their error and the retry button, an export whose worker died included. Every
 * acquisition must end in the register (nr acquisizioni = nr registrazioni): these are the gap.
 */
export function PendingAcquisitions() {
  const t = useT();
  const list = useApi(async (signal) => {
    const parts = await Promise.all(
      STATUSES.map((status) =>
        unwrap(
          api.GET('/api/evidence/acquisitions', {
            signal,
            params: { query: { status, limit: 50 } },
          }),
        ),
      ),
    );
    return parts
      .flatMap((p): Acquisition[] => p.items)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }, []);
  if (!list.data?.length && !list.error) return null;
  return (
    <Panel
      as="section"
      aria-labelledby="pending-title"
      className="mb-4"
      data-testid="pending-acquisitions"
    >
      <h2 id="pending-title" className="h5">
        {t('evidenceRegisters.pendingTitle')}
      </h2>
      <p className="small text-secondary">{t('evidenceRegisters.pendingIntro')}</p>
      <ErrorAlert error={list.error} />
      <ul className="list-unstyled mb-0">
        {list.data?.map((a) => (
          <AcquisitionProgress key={a.id} initial={a} />
        ))}
      </ul>
    </Panel>
  );
}
