import { Button } from 'design-react-kit';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { toApiError, type ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatClock } from '../../components/timeline/rome';
import { useAction } from '../../hooks/useAction';
import { useT } from '../../i18n';
import { DownloadDialog } from './DownloadDialog';
import {
  download,
  loadAcquisition,
  packageUrl,
  retryAcquisition,
  type Acquisition,
} from './evidenceApi';

const POLL_MS = 1000;

/**
 * One acquisition as it runs: a progress bar polled from the server, then the link to the
 * registered evidence item and its package; on failure the reason and a retry.
 */
export function AcquisitionProgress({ initial }: { initial: Acquisition }) {
  const t = useT();
  const [acq, setAcq] = useState(initial);
  const [pollError, setPollError] = useState<ApiError | null>(null);
  const [asking, setAsking] = useState(false);
  const retry = useAction();
  const running = acq.status === 'queued' || acq.status === 'running';

  useEffect(() => {
    if (!running) return undefined;
    const controller = new AbortController();
    const timer = window.setInterval(() => {
      loadAcquisition(acq.id, controller.signal).then(
        (fresh) => {
          setAcq(fresh);
          setPollError(null);
        },
        (reason: unknown) => {
          if (!controller.signal.aborted) setPollError(toApiError(reason));
        },
      );
    }, POLL_MS);
    return () => {
      controller.abort();
      window.clearInterval(timer);
    };
  }, [acq.id, running]);

  const pct = Math.round((acq.status === 'done' ? 1 : acq.progress) * 100);
  const color = acq.status === 'failed' ? 'bg-danger' : acq.status === 'done' ? 'bg-success' : '';
  return (
    <li
      className="vd-acq mb-3"
      data-testid="acquisition"
      data-status={acq.status}
      data-number={acq.number}
      data-id={acq.id}
    >
      <div className="d-flex flex-wrap justify-content-between gap-2 mb-1">
        <strong>
          {acq.number} · {acq.cameraCode}
        </strong>
        <span className="small text-secondary">
          {formatClock(Date.parse(acq.from))} → {formatClock(Date.parse(acq.to))}
        </span>
      </div>
      <div
        className="progress vd-acq-progress"
        role="progressbar"
        aria-label={t('evidencePage.acquire.progressOf', { number: acq.number })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        data-testid="acquisition-progress"
      >
        <div className={`progress-bar ${color}`} style={{ width: `${pct}%` }} />
      </div>
      <p className="small mt-1 mb-0" role="status">
        {acq.status === 'done'
          ? t('evidencePage.acquire.done')
          : acq.status === 'failed'
            ? t('evidencePage.acquire.failed', { message: acq.error?.message ?? '' })
            : `${t(`evidencePage.acquire.status.${acq.status}`)}${acq.stage ? ` · ${t(`evidencePage.acquire.stages.${acq.stage as 'clip'}`)}` : ''} · ${pct}%`}
      </p>
      <ErrorAlert error={pollError ?? retry.error} className="mt-2 mb-0" />
      {acq.status === 'done' ? (
        <div className="d-flex flex-wrap gap-2 mt-2">
          <Link
            className="btn btn-outline-primary btn-sm"
            to={`/evidenze/${acq.id}`}
            data-testid="acquisition-open"
          >
            {t('evidencePage.acquire.open', { number: acq.number })}
          </Link>
          <Button
            color="primary"
            size="sm"
            onClick={() => setAsking(true)}
            data-testid="acquisition-download"
          >
            {t('evidencePage.downloadZip')}
          </Button>
        </div>
      ) : null}
      {acq.status === 'failed' ? (
        <Button
          color="primary"
          outline
          size="sm"
          className="mt-2"
          disabled={retry.pending}
          onClick={() => void retry.run(async () => setAcq(await retryAcquisition(acq.id)))}
        >
          {t('evidencePage.acquire.retry')}
        </Button>
      ) : null}
      <DownloadDialog
        key={asking ? 'open' : 'closed'}
        what={asking ? t('evidencePage.download.package', { number: acq.number }) : null}
        initialReason={acq.reason}
        onClose={() => setAsking(false)}
        onConfirm={(reason) => {
          setAsking(false);
          download(packageUrl(acq.id, reason));
        }}
      />
    </li>
  );
}
