import { Badge, Button } from 'design-react-kit';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { formatClock, formatDuration } from '../../components/timeline/rome';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { DownloadDialog } from './DownloadDialog';
import { download, fileUrl, formatBytes, packageUrl, type EvidenceFile } from './evidenceApi';
import { groupFingerprint, PublicKeyPanel } from './PublicKeyPanel';
import { SharesPanel } from './shares/SharesPanel';
import './evidence.css';

type Pending = { kind: 'package' } | { kind: 'file'; file: EvidenceFile };

const ms = (iso: string) => Date.parse(iso);

/** One evidence item: what, when, why, by whom; its files with SHA-256; its chain of custody. */
export function EvidenceDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const item = useApi(
    (signal) =>
      unwrap(api.GET('/api/evidence/{id}', { signal, params: { path: { id }, query: {} } })),
    [id],
  );
  const [pending, setPending] = useState<Pending | null>(null);
  const e = item.data;

  return (
    <>
      <p className="mb-2">
        <Link to="/evidenze">← {t('evidencePage.back')}</Link>
      </p>
      <PageHeader
        title={e ? t('evidencePage.detailTitle', { number: e.number }) : t('evidencePage.title')}
        actions={
          e ? (
            <Button
              color="primary"
              onClick={() => setPending({ kind: 'package' })}
              data-testid="evidence-download"
            >
              {t('evidencePage.downloadZip')}
            </Button>
          ) : undefined
        }
      />
      <ErrorAlert error={item.error} />
      {!e && item.loading ? <Loading /> : null}
      {e ? (
        <div className="row g-4" data-testid="evidence-detail" data-number={e.number}>
          <div className="col-12 col-xl-7">
            <Panel as="section" className="mb-4" aria-labelledby="ev-summary">
              <h2 className="h5" id="ev-summary">
                {t('evidencePage.summary')}
              </h2>
              <dl className="row small mb-0">
                <dt className="col-sm-4">{t('evidencePage.cols.camera')}</dt>
                <dd className="col-sm-8">
                  <strong>{e.cameraCode}</strong> — {e.cameraName}
                </dd>
                <dt className="col-sm-4">{t('evidencePage.requested')}</dt>
                <dd className="col-sm-8">
                  {formatClock(ms(e.requested.from))} → {formatClock(ms(e.requested.to))}
                </dd>
                <dt className="col-sm-4">{t('evidencePage.actual')}</dt>
                <dd className="col-sm-8" data-testid="evidence-actual">
                  {formatClock(ms(e.actual.from))} → {formatClock(ms(e.actual.to))} (
                  {formatDuration(ms(e.actual.to) - ms(e.actual.from))})
                </dd>
                {e.gaps.length > 0 ? (
                  <>
                    <dt className="col-sm-4">{t('evidencePage.gaps')}</dt>
                    <dd className="col-sm-8 text-danger">
                      {e.gaps
                        .map(
                          (g) =>
                            `${formatClock(ms(g.from))} → ${formatClock(ms(g.to))} (${t(`evidencePage.gapCauses.${g.cause as 'error'}`)})`,
                        )
                        .join('; ')}
                    </dd>
                  </>
                ) : null}
                <dt className="col-sm-4">{t('evidencePage.reason')}</dt>
                <dd className="col-sm-8 text-break">{e.reason}</dd>
                <dt className="col-sm-4">{t('evidencePage.cols.request')}</dt>
                <dd className="col-sm-8">
                  {e.requestNumber && e.requestId ? (
                    <Link to={`/richieste/${e.requestId}`}>{e.requestNumber}</Link>
                  ) : (
                    '—'
                  )}
                  {e.caseRef ? ` · ${e.caseRef}` : ''}
                </dd>
                <dt className="col-sm-4">{t('evidencePage.cols.operator')}</dt>
                <dd className="col-sm-8">
                  {e.operator.name} ({e.operator.username}) · {formatClock(ms(e.createdAt))}
                </dd>
                <dt className="col-sm-4">{t('evidencePage.retention')}</dt>
                <dd className="col-sm-8">
                  {e.legalHold ? (
                    <Badge color="primary">{t('evidencePage.legalHold')}</Badge>
                  ) : null}{' '}
                  {e.retainUntil
                    ? t('evidencePage.retainUntil', { date: formatClock(ms(e.retainUntil)) })
                    : t('evidencePage.retainForever')}
                  {e.legalHoldReason ? ` · ${e.legalHoldReason}` : ''}
                </dd>
                <dt className="col-sm-4">{t('evidencePage.manifest')}</dt>
                <dd className="col-sm-8 vd-hash" data-testid="manifest-sha256">
                  SHA-256 {e.manifestSha256}
                </dd>
                <dt className="col-sm-4">{t('evidencePage.signedWith')}</dt>
                <dd className="col-sm-8 vd-hash">{groupFingerprint(e.keyFingerprint)}</dd>
              </dl>
            </Panel>

            <Panel as="section" className="mb-4" aria-labelledby="ev-files">
              <h2 className="h5" id="ev-files">
                {t('evidencePage.files')}
              </h2>
              <FilesTable
                files={e.files.filter((f) => f.kind !== 'original')}
                onPick={(file) => setPending({ kind: 'file', file })}
              />
              {e.files.some((f) => f.kind === 'original') ? (
                <details className="mt-3">
                  <summary>
                    {t('evidencePage.originals', {
                      count: e.files.filter((f) => f.kind === 'original').length,
                    })}
                  </summary>
                  <FilesTable
                    testId="evidence-originals"
                    files={e.files.filter((f) => f.kind === 'original')}
                    onPick={(file) => setPending({ kind: 'file', file })}
                  />
                </details>
              ) : null}
            </Panel>
          </div>
          <div className="col-12 col-xl-5">
            <SharesPanel evidenceId={e.id} evidenceNumber={e.number} onChange={item.reload} />
            <Panel as="section" className="mb-4" aria-labelledby="ev-custody">
              <h2 className="h5" id="ev-custody">
                {t('evidencePage.custody')}
              </h2>
              <ol className="list-unstyled mb-0 vd-custody" data-testid="custody">
                {e.custody.map((c, i) => (
                  <li key={`${c.at}-${i}`} data-action={c.action}>
                    <strong>{t(`evidencePage.custodyActions.${c.action as 'view'}`)}</strong>{' '}
                    <span className="text-secondary">{formatClock(ms(c.at))}</span>
                    <span className="d-block small">
                      {[
                        c.actor,
                        c.ip,
                        c.recipient ? t('evidencePage.recipient', { name: c.recipient }) : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                    {c.reason ? <span className="d-block small text-break">{c.reason}</span> : null}
                  </li>
                ))}
              </ol>
            </Panel>
            <Panel>
              <PublicKeyPanel />
            </Panel>
          </div>
        </div>
      ) : null}
      <DownloadDialog
        key={pending ? (pending.kind === 'file' ? pending.file.path : 'package') : 'closed'}
        what={
          !e || !pending
            ? null
            : pending.kind === 'package'
              ? t('evidencePage.download.package', { number: e.number })
              : t('evidencePage.download.file', { path: pending.file.path })
        }
        initialReason=""
        onClose={() => setPending(null)}
        onConfirm={(reason) => {
          if (!e || !pending) return;
          download(
            pending.kind === 'package'
              ? packageUrl(e.id, reason)
              : fileUrl(e.id, pending.file.path, reason),
          );
          setPending(null);
          // The download is now in the chain of custody.
          window.setTimeout(item.reload, 1500);
        }}
      />
    </>
  );
}

const KIND_ORDER = [
  'clip',
  'verbale',
  'manifest',
  'signature',
  'public_key',
  'checksums',
  'readme',
  'original',
];

/** Files with size and SHA-256; a click downloads one (asking the reason). */
function FilesTable({
  files,
  onPick,
  testId = 'evidence-files',
}: {
  files: readonly EvidenceFile[];
  onPick: (file: EvidenceFile) => void;
  testId?: string;
}) {
  const t = useT();
  const sorted = [...files].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.path.localeCompare(b.path),
  );
  return (
    <div className="table-responsive">
      <table className="table table-sm align-middle mb-0" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('evidencePage.file')}</th>
            <th scope="col" className="text-end">
              {t('evidencePage.cols.size')}
            </th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((f) => (
            <tr key={f.path}>
              <td className="small vd-file-name">
                <button
                  type="button"
                  className="btn btn-link btn-sm p-0 text-start text-break"
                  onClick={() => onPick(f)}
                >
                  {f.path}
                </button>
                <span className="d-block text-secondary">
                  {t(`evidencePage.kinds.${f.kind as 'clip'}`)}
                </span>
              </td>
              <td className="small text-end text-nowrap">{formatBytes(f.bytes)}</td>
              <td className="vd-hash">{f.sha256}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
