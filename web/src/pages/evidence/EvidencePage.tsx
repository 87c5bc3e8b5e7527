import { Badge, Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { TextField } from '../../components/TextField';
import { formatClock, formatDuration } from '../../components/timeline/rome';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { romeLocalToIso } from '../../lib/format';
import { usePermissions } from '../../session/context';
import { formatBytes, type EvidenceQuery } from './evidenceApi';
import { PendingAcquisitions } from './PendingAcquisitions';
import { PublicKeyPanel } from './PublicKeyPanel';
import { RegistersPanel } from './RegistersPanel';
import './evidence.css';

interface Filters {
  q: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { q: '', from: '', to: '' };

/** Registro delle acquisizioni: every evidence item, searchable, newest first. */
export function EvidencePage() {
  const t = useT();
  const { can } = usePermissions();
  const [typed, setTyped] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const query: EvidenceQuery = {
    limit: 200,
    ...(applied.q.trim() && { q: applied.q.trim() }),
    ...(romeLocalToIso(applied.from) && { from: romeLocalToIso(applied.from) }),
    ...(romeLocalToIso(applied.to) && { to: romeLocalToIso(applied.to) }),
  };
  const list = useApi(
    (signal) => unwrap(api.GET('/api/evidence', { signal, params: { query } })),
    [applied],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(typed);
  };

  return (
    <>
      <PageHeader title={t('evidencePage.title')} intro={t('evidencePage.intro')} />
      <div className="row g-4">
        <div className="col-12 col-xl-8">
          {can('evidence.read') ? <PendingAcquisitions /> : null}
          <Panel>
            <form className="row g-2 align-items-end" onSubmit={submit} role="search">
              <div className="col-md-4">
                <TextField
                  id="evidence-q"
                  label={t('evidencePage.search')}
                  hint={t('evidencePage.searchHint')}
                  value={typed.q}
                  onChange={(q) => setTyped((f) => ({ ...f, q }))}
                />
              </div>
              <div className="col-md-3">
                <TextField
                  id="evidence-from"
                  type="datetime-local"
                  label={t('evidencePage.from')}
                  value={typed.from}
                  onChange={(from) => setTyped((f) => ({ ...f, from }))}
                />
              </div>
              <div className="col-md-3">
                <TextField
                  id="evidence-to"
                  type="datetime-local"
                  label={t('evidencePage.to')}
                  value={typed.to}
                  onChange={(to) => setTyped((f) => ({ ...f, to }))}
                />
              </div>
              <div className="col-md-2 mb-3">
                <Button type="submit" color="primary" className="w-100">
                  {t('evidencePage.searchSubmit')}
                </Button>
              </div>
            </form>
            <ErrorAlert error={list.error} />
            {list.loading && !list.data ? <Loading /> : null}
            {list.data ? (
              list.data.items.length === 0 ? (
                <p className="text-secondary mb-0">
                  {applied.q.trim() || applied.from || applied.to
                    ? t('evidencePage.empty')
                    : t('evidencePage.none')}
                </p>
              ) : (
                <div className="table-responsive">
                  <table className="table table-sm align-middle mb-0" data-testid="evidence-table">
                    <caption className="visually-hidden">{t('evidencePage.title')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('evidencePage.cols.number')}</th>
                        <th scope="col">{t('evidencePage.cols.camera')}</th>
                        <th scope="col">{t('evidencePage.cols.window')}</th>
                        <th scope="col">{t('evidencePage.cols.request')}</th>
                        <th scope="col">{t('evidencePage.cols.operator')}</th>
                        <th scope="col" className="text-end">
                          {t('evidencePage.cols.size')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {list.data.items.map((e) => (
                        <tr key={e.id} data-testid="evidence-row" data-number={e.number}>
                          <td>
                            <Link to={`/evidenze/${e.id}`} className="fw-semibold">
                              {e.number}
                            </Link>
                            {e.legalHold ? (
                              <Badge color="primary" className="ms-2">
                                {t('evidencePage.legalHold')}
                              </Badge>
                            ) : null}
                            {e.gaps.length > 0 ? (
                              <Badge color="warning" className="ms-2">
                                {t('evidencePage.withGaps')}
                              </Badge>
                            ) : null}
                            <span className="d-block small text-secondary">
                              {formatClock(Date.parse(e.createdAt))}
                            </span>
                          </td>
                          <td>
                            <strong>{e.cameraCode}</strong>
                            <span className="d-block small">{e.cameraName}</span>
                          </td>
                          <td className="small">
                            {formatClock(Date.parse(e.actual.from))}
                            <span className="d-block text-secondary">
                              {formatDuration(Date.parse(e.actual.to) - Date.parse(e.actual.from))}
                            </span>
                          </td>
                          <td className="small">
                            {e.requestNumber && e.requestId ? (
                              <Link to={`/richieste/${e.requestId}`}>{e.requestNumber}</Link>
                            ) : null}
                            {e.caseRef ? <span className="d-block">{e.caseRef}</span> : null}
                            {!e.requestNumber && !e.caseRef ? '—' : null}
                          </td>
                          <td className="small">{e.operator.name}</td>
                          <td className="small text-end">{formatBytes(e.totalBytes)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            ) : null}
          </Panel>
        </div>
        <div className="col-12 col-xl-4">
          <Panel className="mb-4">
            <RegistersPanel />
          </Panel>
          <Panel>
            <PublicKeyPanel />
          </Panel>
        </div>
      </div>
    </>
  );
}
