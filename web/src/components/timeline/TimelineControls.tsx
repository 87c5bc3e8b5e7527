import { Button } from 'design-react-kit';
import { useT } from '../../i18n';
import { formatClock } from './rome';
import { clampSpan, shift, ZOOM_PRESETS, type TimeRange } from './scale';

interface ToolbarProps {
  view: TimeRange;
  now: number;
  onViewChange: (view: TimeRange) => void;
}

/** Zoom presets, scrolling buttons and the period shown. */
export function TimelineToolbar({ view, now, onViewChange }: ToolbarProps) {
  const t = useT();
  const span = view.to - view.from;

  const setPreset = (presetSpan: number) => {
    if (view.to >= now) {
      // Following the present: keep "now" at the right edge.
      const to = now + presetSpan * 0.03;
      onViewChange({ from: to - presetSpan, to });
    } else {
      const center = (view.from + view.to) / 2;
      const s = clampSpan(presetSpan);
      onViewChange({ from: center - s / 2, to: center + s / 2 });
    }
  };

  return (
    <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
      <div className="btn-group" role="group" aria-label={t('recordings.timeline.zoom')}>
        {ZOOM_PRESETS.map((preset) => {
          const active = Math.abs(span - preset.span) < preset.span * 0.01;
          return (
            <Button
              key={preset.label}
              size="xs"
              color="primary"
              outline={!active}
              aria-pressed={active}
              onClick={() => setPreset(preset.span)}
            >
              {preset.label}
            </Button>
          );
        })}
      </div>
      <div className="btn-group" role="group" aria-label={t('recordings.timeline.pan')}>
        <Button
          size="xs"
          color="primary"
          outline
          aria-label={t('recordings.timeline.earlier')}
          title={t('recordings.timeline.earlier')}
          onClick={() => onViewChange(shift(view, -span / 2))}
        >
          <span aria-hidden="true">◀</span>
        </Button>
        <Button
          size="xs"
          color="primary"
          outline
          aria-label={t('recordings.timeline.later')}
          title={t('recordings.timeline.later')}
          onClick={() => onViewChange(shift(view, span / 2))}
        >
          <span aria-hidden="true">▶</span>
        </Button>
        <Button
          size="xs"
          color="primary"
          outline
          onClick={() => {
            const to = now + span * 0.03;
            onViewChange({ from: to - span, to });
          }}
        >
          {t('recordings.timeline.now')}
        </Button>
      </div>
      <span className="ms-auto small text-secondary" aria-live="off">
        {t('recordings.timeline.fromTo', {
          from: formatClock(view.from),
          to: formatClock(Math.min(view.to, Math.max(now, view.from))),
        })}
      </span>
    </div>
  );
}

/** What each colour of the timeline means. */
export function TimelineLegend() {
  const t = useT();
  return (
    <ul
      className="vd-tl-legend list-inline small mt-2 mb-0"
      aria-label={t('recordings.timeline.legend')}
    >
      <li className="list-inline-item">
        <span className="vd-tl-swatch vd-tl-recorded" aria-hidden="true" />
        {t('recordings.timeline.legendRecorded')}
      </li>
      <li className="list-inline-item">
        <span className="vd-tl-swatch vd-tl-gap" aria-hidden="true" />
        {t('recordings.timeline.legendGap')}
      </li>
      <li className="list-inline-item">
        <span className="vd-tl-swatch vd-tl-hold" aria-hidden="true" />
        {t('recordings.timeline.legendHold')}
      </li>
      <li className="list-inline-item">
        <span className="vd-tl-swatch vd-tl-deleted" aria-hidden="true" />
        {t('recordings.timeline.legendDeleted')}
      </li>
      <li className="list-inline-item">
        <span className="vd-tl-swatch vd-tl-session" aria-hidden="true" />
        {t('recordings.timeline.legendSession')}
      </li>
      <li className="list-inline-item">
        <span className="vd-tl-swatch vd-tl-swatch-now" aria-hidden="true" />
        {t('recordings.timeline.legendNow')}
      </li>
    </ul>
  );
}
