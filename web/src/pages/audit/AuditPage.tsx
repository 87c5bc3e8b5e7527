import { Button } from 'design-react-kit';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client';
import { toApiError, unwrap, type ApiError } from '../../api/errors';
import type { AuditEntry } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { AuditToolbar } from './AuditToolbar';
import { EMPTY_FILTERS, exportCsvHref, toAuditQuery, type AuditFilterValues } from './auditQuery';

const PAGE_SIZE = 50;

export function AuditPage() {
  const t = useT();
  const [filters, setFilters] = useState<AuditFilterValues>(EMPTY_FILTERS);
  const query = useMemo(() => toAuditQuery(filters), [filters]);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const controllerRef = useRef<AbortController | null>(null);

  /** Loads the first page (no cursor) or the page after `cursor`, appending it. */
  const load = useCallback(
    async (cursor: string | null) => {
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      setLoading(true);
      setError(null);
      try {
        const page = await unwrap(
          api.GET('/api/audit', {
            signal: controller.signal,
            params: { query: { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
          }),
        );
        if (controller.signal.aborted) return;
        setEntries((current) => (cursor ? [...current, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (reason) {
        if (!controller.signal.aborted) setError(toApiError(reason));
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    },
    [query],
  );

  useEffect(() => {
    void load(null);
    return () => controllerRef.current?.abort();
  }, [load]);

  return (
    <>
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <AuditFilters initial={filters} onApply={(values) => setFilters({ ...values })} />
      <AuditToolbar exportHref={exportCsvHref(query)} />
      <ErrorAlert error={error} />
      {!loading && !error && entries.length === 0 ? <p>{t('audit.empty')}</p> : null}
      {entries.length > 0 ? (
        <>
          <p className="small text-secondary" aria-live="polite">
            {t('audit.shown', { count: entries.length })}
          </p>
          <AuditTable entries={entries} />
        </>
      ) : null}
      {loading ? <Loading /> : null}
      {nextCursor && !loading ? (
        <div className="text-center my-4">
          <Button color="primary" outline onClick={() => void load(nextCursor)}>
            {t('audit.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
