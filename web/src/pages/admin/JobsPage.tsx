import { Badge, Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Job, JobStatus } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';
import { usePermissions } from '../../session/context';

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'dead'];
const RETRYABLE: ReadonlySet<JobStatus> = new Set<JobStatus>(['failed', 'dead']);
const STATUS_COLORS: Record<JobStatus, string> = {
  queued: 'secondary',
  running: 'primary',
  succeeded: 'success',
  failed: 'warning',
  dead: 'danger',
};

interface Filters {
  status: JobStatus | '';
  name: string;
}

export function JobsPage() {
  const t = useT();
  const format = useFormat();
  const { can } = usePermissions();
  const canRetry = can('job.manage');
  const [draft, setDraft] = useState<Filters>({ status: '', name: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const retry = useAction();
  const [success, setSuccess] = useState<string | null>(null);

  const jobs = useApi(
    (signal) =>
      unwrap(
        api.GET('/api/jobs', {
          signal,
          params: {
            query: {
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.name.trim() ? { name: filters.name.trim() } : {}),
            },
          },
        }),
      ),
    [filters.status, filters.name],
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...draft });
  };

  const doRetry = (job: Job) => {
    setSuccess(null);
    void retry.run(async () => {
      const updated = await unwrap(
        api.POST('/api/jobs/{id}/retry', { params: { path: { id: job.id } } }),
      );
      jobs.setData((current) =>
        current
          ? { ...current, items: current.items.map((j) => (j.id === updated.id ? updated : j)) }
          : current,
      );
      setSuccess(t('jobs.retried', { id: job.id }));
    });
  };

  return (
    <>
      <PageHeader
        title={t('jobs.title')}
        intro={t('jobs.intro')}
        actions={
          <Button color="primary" outline icon onClick={jobs.reload} disabled={jobs.loading}>
            <Icon name="it-refresh" className="icon-primary" />
            <span>{t('common.refresh')}</span>
          </Button>
        }
      />
      <form className="row align-items-end mb-2" onSubmit={apply} role="search">
        <SelectField
          className="col-12 col-md-4"
          id="jobs-status"
          label={t('jobs.filterStatus')}
          value={draft.status}
          onChange={(value) =>
            setDraft((d) => ({ ...d, status: STATUSES.find((s) => s === value) ?? '' }))
          }
          placeholder={t('common.all')}
          options={STATUSES.map((s) => ({ value: s, label: t(`jobs.statuses.${s}`) }))}
        />
        <TextField
          className="col-12 col-md-5"
          id="jobs-name"
          label={t('jobs.filterName')}
          value={draft.name}
          onChange={(name) => setDraft((d) => ({ ...d, name }))}
        />
        <div className="col-12 col-md-3 mb-4">
          <Button type="submit" color="primary">
            {t('jobs.apply')}
          </Button>
        </div>
      </form>
      {success ? <Notice kind="success">{success}</Notice> : null}
      <ErrorAlert error={retry.error} onClose={retry.clearError} />
      <ErrorAlert error={jobs.error} />
      {jobs.loading && !jobs.data ? <Loading /> : null}
      {jobs.data && jobs.data.items.length === 0 ? <p>{t('jobs.empty')}</p> : null}
      {jobs.data && jobs.data.items.length > 0 ? (
        <div className="table-responsive">
          <table className="table table-hover align-middle">
            <caption className="visually-hidden">{t('jobs.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('jobs.id')}</th>
                <th scope="col">{t('jobs.name')}</th>
                <th scope="col">{t('jobs.status')}</th>
                <th scope="col">{t('jobs.attempts')}</th>
                <th scope="col">{t('jobs.runAt')}</th>
                <th scope="col">{t('jobs.lastError')}</th>
                {canRetry ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {jobs.data.items.map((job) => (
                <tr key={job.id}>
                  <th scope="row">
                    <code className="small">{job.id}</code>
                  </th>
                  <td>
                    <code>{job.name}</code>
                  </td>
                  <td>
                    <Badge color={STATUS_COLORS[job.status]}>
                      {t(`jobs.statuses.${job.status}`)}
                    </Badge>
                  </td>
                  <td>
                    {job.attempts}/{job.maxAttempts}
                  </td>
                  <td>{format.dateTime(job.runAt)}</td>
                  <td className="vd-error-cell">
                    {job.lastError ? (
                      <span className="small text-danger">{job.lastError}</span>
                    ) : (
                      t('common.none')
                    )}
                  </td>
                  {canRetry ? (
                    <td>
                      {RETRYABLE.has(job.status) ? (
                        <Button
                          size="xs"
                          color="primary"
                          outline
                          disabled={retry.pending}
                          aria-label={t('jobs.retryFor', { id: job.id })}
                          onClick={() => doRetry(job)}
                        >
                          {t('jobs.retry')}
                        </Button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
