import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/useAction';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';
import { exportClips, type Clip, type ClipExport } from './bodycamsApi';

/** Clips at most this far from the one being viewed are offered as the same event. */
const EVENT_SPAN_MS = 12 * 3_600_000;

/** Other clips of the same event: same bodycam or same officer, within 12 hours. */
export function sameEvent(clip: Clip, all: Clip[]): Clip[] {
  const start = Date.parse(clip.recordedStart);
  return all.filter(
    (c) =>
      c.id !== clip.id &&
      !c.deletedAt &&
      (c.serial === clip.serial || (c.officerId !== null && c.officerId === clip.officerId)) &&
      Math.abs(Date.parse(c.recordedStart) - start) <= EVENT_SPAN_MS,
  );
}

/**
 * "Esporta come reperto", after the reason dialog: the clip (and any other of the same event
 * the user ticks) becomes an evidence item with the same reason and case reference.
 */
export function ClipExportPanel({
  clip,
  others,
  reason,
  caseRef,
  onExported,
}: {
  clip: Clip;
  others: Clip[];
  reason: string;
  caseRef: string;
  onExported: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const act = useAction();
  const [extra, setExtra] = useState<string[]>([]);
  const [done, setDone] = useState<ClipExport | null>(null);
  const toggle = (id: string, on: boolean) =>
    setExtra((x) => (on ? [...x, id] : x.filter((y) => y !== id)));
  const submit = async () => {
    const r = await act.run(() => exportClips({ clipIds: [clip.id, ...extra], reason, caseRef }));
    if (r) {
      setDone(r);
      onExported();
    }
  };
  if (done) {
    return (
      <Notice kind="success">
        <p className="mb-1" data-testid="clip-export-done">
          {t('bodycams.clips.exportDone', { number: done.number, count: done.clipIds.length })}
        </p>
        {done.notUsableForAdministrativeOffences ? (
          <p className="mb-1 fw-semibold">{t('bodycams.clips.exportNotUsable')}</p>
        ) : null}
        <Link to={`/evidenze/${done.evidenceId}`}>{t('bodycams.clips.exportOpen')}</Link>
      </Notice>
    );
  }
  return (
    <section className="border-top mt-3 pt-3" aria-labelledby="clip-export-title">
      <h3 id="clip-export-title" className="h6">
        {t('bodycams.clips.exportTitle')}
      </h3>
      <p className="small">{t('bodycams.clips.exportIntro', { reason, caseRef })}</p>
      {others.length > 0 ? (
        <fieldset className="mb-2">
          <legend className="small fw-semibold">{t('bodycams.clips.exportOthers')}</legend>
          {others.map((c) => (
            <div className="form-check" key={c.id}>
              <input
                className="form-check-input"
                type="checkbox"
                id={`export-${c.id}`}
                checked={extra.includes(c.id)}
                onChange={(e) => toggle(c.id, e.target.checked)}
              />
              <label className="form-check-label" htmlFor={`export-${c.id}`}>
                {fmt.dateTime(c.recordedStart)} · {c.serial} · {c.officerName ?? '—'}
              </label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <ErrorAlert error={act.error} onClose={act.clearError} />
      <button
        type="button"
        className="btn btn-outline-primary"
        disabled={act.pending}
        onClick={() => void submit()}
      >
        {act.pending ? t('bodycams.clips.exporting') : t('bodycams.clips.exportAction')}
      </button>
    </section>
  );
}
