import { Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, toApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { formatClock, formatDuration } from '../../components/timeline/rome';
import { useAction } from '../../hooks/useAction';
import { useT } from '../../i18n';
import { AcquisitionProgress } from '../evidence/AcquisitionProgress';
import { startAcquisition, type Acquisition } from '../evidence/evidenceApi';
import { CoverageLine, CoverageWarnings } from './AcquisitionCoverage';
import { fetchCoverage, type CoverageItem, type SearchHit } from './searchApi';
import { coverageOf } from './selection';
import type { Marks } from './SyncPlayback';

interface AcquisitionPanelProps {
  cameras: ReadonlyArray<SearchHit['camera']>;
  marks: Marks;
  /** The request the search serves, if any: the acquisition fulfils it. */
  request: { id: string; number: string } | null;
  initialReason: string;
  initialCaseRef: string;
}

/** The server's limits on an acquisition's window and reason. */
const MAX_ACQUISITION_MS = 24 * 60 * 60 * 1000;
const MIN_REASON = 10;
/** Marks moved by the keyboard come in bursts: ask for the coverage once they settle. */
const COVERAGE_DELAY_MS = 300;

/** The coverage answered for one window (`key`), so that a stale answer is never shown as current. */
interface Coverage {
  key: string;
  items: CoverageItem[];
}

const windowKey = (w: { from: number; to: number }) => `${w.from}-${w.to}`;

/**
 * Acquisizione: the window marked on the shared timeline, the cameras, the reason and the
 * request or case; one acquisition per camera, each followed with its progress bar. Before
 * confirming, each camera shows how much of the window it recorded: a camera with nothing
 * recorded is refused, one with less than half asks for «Acquisisci comunque».
 */
export function AcquisitionPanel({
  cameras,
  marks,
  request,
  initialReason,
  initialCaseRef,
}: AcquisitionPanelProps) {
  const t = useT();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(cameras.map((c) => c.id)),
  );
  const [reason, setReason] = useState(initialReason);
  const [requestRef, setRequestRef] = useState(request?.number ?? '');
  const [caseRef, setCaseRef] = useState(initialCaseRef);
  const [started, setStarted] = useState<Acquisition[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [coverageError, setCoverageError] = useState<ApiError | null>(null);
  const action = useAction();
  const window = marks.in !== null && marks.out !== null ? { from: marks.in, to: marks.out } : null;
  const valid =
    window !== null && window.to > window.from && window.to - window.from <= MAX_ACQUISITION_MS;
  const key = window && valid ? windowKey(window) : null;
  const cameraIds = cameras.map((c) => c.id);
  const loadCoverage = (w: { from: number; to: number }, signal?: AbortSignal) =>
    fetchCoverage(
      { cameraIds, from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() },
      signal,
    );

  // The coverage of every camera of the panel for the marked window, asked again when it moves.
  useEffect(() => {
    setProblem(null);
    if (!window || !key) return;
    const controller = new AbortController();
    const timer = globalThis.setTimeout(() => {
      loadCoverage(window, controller.signal).then(
        (items) => {
          setCoverage({ key, items });
          setCoverageError(null);
        },
        (error: unknown) => {
          const e = toApiError(error);
          if (e.code !== 'aborted') setCoverageError(e);
        },
      );
    }, COVERAGE_DELAY_MS);
    return () => {
      globalThis.clearTimeout(timer);
      controller.abort();
    };
    // cameras are fixed for the panel's life (it is keyed by the playback sessions)
  }, [key]);

  const current = coverage && coverage.key === key ? coverage.items : null;
  const byCamera = new Map((current ?? []).map((c) => [c.camera.id, c]));
  const chosenCoverage = (items: readonly CoverageItem[]) =>
    items.filter((c) => chosen.has(c.camera.id));
  const lowShown =
    current !== null && chosenCoverage(current).some((c) => coverageOf(c.totals).level === 'low');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!window) return setProblem(t('evidencePage.acquire.errorMarks'));
    if (window.to <= window.from) return setProblem(t('evidencePage.acquire.errorOrder'));
    if (window.to - window.from > MAX_ACQUISITION_MS)
      return setProblem(t('evidencePage.acquire.errorLong'));
    if (chosen.size === 0) return setProblem(t('evidencePage.acquire.errorCameras'));
    if (reason.trim().length < MIN_REASON)
      return setProblem(t('evidencePage.acquire.errorReason', { min: MIN_REASON }));
    setProblem(null);
    // The operator confirms a low coverage only by clicking while it is shown.
    const confirmedLow = lowShown;
    void action.run(async () => {
      let items = current;
      if (!items) {
        items = await loadCoverage(window);
        setCoverage({ key: windowKey(window), items });
      }
      const judged = chosenCoverage(items);
      const codes = (level: 'none' | 'low') =>
        judged
          .filter((c) => coverageOf(c.totals).level === level)
          .map((c) => c.camera.code)
          .join(', ');
      if (codes('none')) {
        setProblem(t('evidencePage.acquire.errorNoFootage', { codes: codes('none') }));
        return;
      }
      if (codes('low') && !confirmedLow) {
        setProblem(t('evidencePage.acquire.errorLowUnconfirmed', { codes: codes('low') }));
        return;
      }
      let done = 0;
      for (const camera of cameras.filter((c) => chosen.has(c.id))) {
        let acq: Acquisition;
        try {
          acq = await startAcquisition({
            cameraId: camera.id,
            from: new Date(window.from).toISOString(),
            to: new Date(window.to).toISOString(),
            reason: reason.trim(),
            ...(requestRef.trim() && { requestId: requestRef.trim() }),
            ...(caseRef.trim() && { caseRef: caseRef.trim() }),
          });
        } catch (error) {
          // Name the camera the server refused (no_footage, footage_expired…).
          const e = toApiError(error);
          if (e.isNetwork || e.code === 'aborted') throw e;
          const message = t('evidencePage.acquire.refused', {
            code: camera.code,
            message: e.message,
          });
          throw new ApiError(
            e.status,
            e.code,
            done > 0 ? `${message} ${t('evidencePage.acquire.refusedHint')}` : message,
            e.details,
          );
        }
        done++;
        setStarted((list) => [acq, ...list]);
      }
    });
  };

  return (
    <section
      className="mt-4 vd-acquire"
      aria-labelledby="acquire-title"
      data-testid="acquire-panel"
    >
      <h3 className="h5" id="acquire-title">
        {t('evidencePage.acquire.title')}
      </h3>
      <p className="small text-secondary">{t('evidencePage.acquire.intro')}</p>
      <form onSubmit={submit} noValidate>
        <div className="row g-3">
          <div className="col-md-5">
            <p className="mb-1 fw-semibold small">{t('evidencePage.acquire.window')}</p>
            <p className="mb-3" data-testid="acquire-window">
              {window
                ? `${formatClock(window.from)} → ${formatClock(window.to)} (${formatDuration(Math.max(0, window.to - window.from))})`
                : t('evidencePage.acquire.noMarks')}
            </p>
            <fieldset>
              <legend className="small fw-semibold mb-1">
                {t('evidencePage.acquire.cameras')}
              </legend>
              {cameras.map((c) => (
                <div className="form-check my-1" key={c.id}>
                  <input
                    id={`acq-cam-${c.id}`}
                    type="checkbox"
                    className="form-check-input"
                    checked={chosen.has(c.id)}
                    onChange={(e) => {
                      setProblem(null);
                      setChosen((cur) => {
                        const next = new Set(cur);
                        if (e.target.checked) next.add(c.id);
                        else next.delete(c.id);
                        return next;
                      });
                    }}
                  />
                  <label htmlFor={`acq-cam-${c.id}`} className="small">
                    {t('evidencePage.acquire.cameraLabel', { code: c.code, name: c.name })}
                  </label>
                  {window && byCamera.get(c.id) ? (
                    <CoverageLine item={byCamera.get(c.id)!} from={window.from} to={window.to} />
                  ) : null}
                </div>
              ))}
            </fieldset>
            {key && !current && !coverageError ? (
              <p className="small text-secondary mb-0" data-testid="acquire-coverage-checking">
                {t('evidencePage.acquire.coverage.checking')}
              </p>
            ) : null}
            {coverageError && !current ? (
              <p className="small text-danger mb-0">
                {t('evidencePage.acquire.coverage.error', { message: coverageError.message })}
              </p>
            ) : null}
          </div>
          <div className="col-md-7">
            <TextAreaField
              id="acquire-reason"
              label={t('evidencePage.acquire.reason')}
              hint={t('evidencePage.acquire.reasonHint')}
              value={reason}
              onChange={setReason}
              required
              minLength={MIN_REASON}
              maxLength={2000}
              rows={2}
            />
            <div className="row">
              <div className="col-sm-6">
                <TextField
                  id="acquire-request"
                  label={t('evidencePage.acquire.request')}
                  value={requestRef}
                  onChange={setRequestRef}
                  autoComplete="off"
                />
              </div>
              <div className="col-sm-6">
                <TextField
                  id="acquire-case"
                  label={t('evidencePage.acquire.caseRef')}
                  value={caseRef}
                  onChange={setCaseRef}
                  autoComplete="off"
                />
              </div>
            </div>
          </div>
        </div>
        {current ? <CoverageWarnings items={chosenCoverage(current)} /> : null}
        {problem ? (
          <p className="text-danger small" role="alert">
            {problem}
          </p>
        ) : null}
        <ErrorAlert error={action.error} />
        <Button
          type="submit"
          color="primary"
          disabled={action.pending}
          data-testid="acquire-submit"
        >
          {lowShown ? t('evidencePage.acquire.submitAnyway') : t('evidencePage.acquire.submit')}
        </Button>
      </form>
      {started.length > 0 ? (
        <ol className="list-unstyled mt-3 mb-0" aria-label={t('evidencePage.acquire.list')}>
          {started.map((a) => (
            <AcquisitionProgress key={a.id} initial={a} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
