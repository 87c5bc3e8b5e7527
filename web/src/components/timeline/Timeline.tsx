import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { useT } from '../../i18n';
import { describeInstant, gapTitle } from './describe';
import { formatClock, formatDayMonth, formatTimeOfDay, MINUTE } from './rome';
import {
  isRomeMidnight,
  percentOf,
  placement,
  shift,
  tickStep,
  ticks,
  zoomAround,
  type TimeRange,
} from './scale';
import type { TimelineData } from './types';
import { TimelineLegend, TimelineToolbar } from './TimelineControls';
import './timeline.css';

export interface TimelineProps {
  /** Accessible name of the timeline (e.g. the camera). */
  label: string;
  data: TimelineData | null;
  view: TimeRange;
  now: number;
  onViewChange: (view: TimeRange) => void;
  /** The operator chose an instant (click, or Enter on the keyboard caret). */
  onPick: (instant: number) => void;
  /** Where the player is, drawn as a line. */
  cursor?: number | null;
  /** The window being played, drawn as an outline. */
  session?: TimeRange | null;
}

const DRAG_THRESHOLD_PX = 4;

interface Drag {
  x: number;
  view: TimeRange;
  moved: boolean;
}

/**
 * Availability of one camera's footage over time: recorded, interrupted, held, deleted or
 * expired, with zoom (buttons, wheel, +/-), pan (drag, arrows, PageUp/PageDown) and a
 * keyboard caret; a click or Enter picks the instant to play from.
 */
export function Timeline({
  label,
  data,
  view,
  now,
  onViewChange,
  onPick,
  cursor = null,
  session = null,
}: TimelineProps) {
  const t = useT();
  const trackRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [hover, setHover] = useState<{ instant: number; x: number } | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  const drag = useRef<Drag | null>(null);
  const helpId = `tlh${useId().replace(/:/g, '')}`;
  const span = view.to - view.from;

  // The wheel handler is registered once, non-passive, and reads the latest props from here.
  const latest = useRef({ view, onViewChange });
  latest.current = { view, onViewChange };

  useLayoutEffect(() => {
    const el = trackRef.current;
    if (!el) return undefined;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = trackRef.current;
    if (!el) return undefined;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { view: v, onViewChange: change } = latest.current;
      const s = v.to - v.from;
      const rect = el.getBoundingClientRect();
      if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        change(shift(v, (event.deltaX / rect.width) * s));
        return;
      }
      const anchor = v.from + ((event.clientX - rect.left) / rect.width) * s;
      change(zoomAround(v, s * Math.exp(event.deltaY * 0.0015), anchor));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const instantAt = (clientX: number): number => {
    const rect = trackRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return view.from;
    return view.from + ((clientX - rect.left) / rect.width) * span;
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, view, moved: false };
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    setHover({ instant: instantAt(event.clientX), x: event.clientX - rect.left });
    const d = drag.current;
    if (!d) return;
    const dx = event.clientX - d.x;
    if (!d.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
    d.moved = true;
    const s = d.view.to - d.view.from;
    onViewChange(shift(d.view, (-dx / rect.width) * s));
  };

  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d && !d.moved) {
      const instant = instantAt(event.clientX);
      if (instant <= now) {
        setCaret(instant);
        onPick(instant);
      }
    }
  };

  const caretValue = Math.min(now, caret ?? cursor ?? Math.min(now, view.to) - span / 10);

  const moveCaret = (instant: number) => {
    const target = Math.min(now, instant);
    setCaret(target);
    if (target < view.from) onViewChange(shift(view, target - view.from - span * 0.05));
    else if (target > view.to) onViewChange(shift(view, target - view.to + span * 0.05));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const small = span / 48;
    const large = span / 8;
    switch (event.key) {
      case 'ArrowLeft':
      case 'ArrowDown':
        moveCaret(caretValue - (event.shiftKey ? large : small));
        break;
      case 'ArrowRight':
      case 'ArrowUp':
        moveCaret(caretValue + (event.shiftKey ? large : small));
        break;
      case 'PageUp':
        onViewChange(shift(view, -span / 2));
        setCaret(caretValue - span / 2);
        break;
      case 'PageDown':
        onViewChange(shift(view, span / 2));
        setCaret(Math.min(now, caretValue + span / 2));
        break;
      case 'Home':
        moveCaret(view.from);
        break;
      case 'End':
        moveCaret(Math.min(now, view.to));
        break;
      case '+':
      case '=':
        onViewChange(zoomAround(view, span / 2, caretValue));
        break;
      case '-':
      case '_':
        onViewChange(zoomAround(view, span * 2, caretValue));
        break;
      case 'Enter':
      case ' ':
        onPick(caretValue);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const step = tickStep(span, width);
  const tickList = ticks(view.from, view.to, step);
  const withSeconds = step < MINUTE;
  const nowPct = percentOf(now, view);
  const future = placement({ from: now, to: Math.max(now, view.to) }, view);
  const expired =
    data?.expiresBefore != null
      ? placement({ from: view.from, to: data.expiresBefore }, view)
      : null;
  const sessionBox = session ? placement(session, view) : null;
  const valueText = `${formatClock(caretValue)}, ${describeInstant(t, data, caretValue, now).join(', ')}`;

  return (
    <div className="vd-timeline" data-testid="timeline">
      <TimelineToolbar view={view} now={now} onViewChange={onViewChange} />

      <div
        ref={trackRef}
        className={`vd-timeline-track${focused ? ' vd-timeline-focused' : ''}`}
        role="slider"
        tabIndex={0}
        aria-label={label}
        aria-valuemin={Math.round(view.from / 1000)}
        aria-valuemax={Math.round(view.to / 1000)}
        aria-valuenow={Math.round(caretValue / 1000)}
        aria-valuetext={valueText}
        aria-describedby={helpId}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKeyDown}
        // The keyboard caret is drawn only for keyboard focus, not after a click.
        onFocus={(event) => setFocused(event.currentTarget.matches(':focus-visible'))}
        onBlur={() => setFocused(false)}
      >
        <div className="vd-tl-lane vd-tl-holds">
          {data?.holds.map((hold) => {
            const p = placement(hold, view);
            if (!p) return null;
            return (
              <div
                key={hold.id}
                className="vd-tl-band vd-tl-hold"
                data-testid="timeline-hold"
                style={{ left: `${p.left}%`, width: `${p.width}%` }}
                title={`${t('recordings.timeline.legendHold')}: ${hold.reason}${
                  hold.caseRef ? ` — ${hold.caseRef}` : ''
                }\n${t('recordings.timeline.fromTo', {
                  from: formatClock(hold.from),
                  to: formatClock(hold.to),
                })}`}
              />
            );
          })}
        </div>
        <div className="vd-tl-lane vd-tl-main">
          {tickList.map((tick) => (
            <div
              key={`g${tick}`}
              className="vd-tl-grid"
              style={{ left: `${percentOf(tick, view)}%` }}
            />
          ))}
          {future ? (
            <div
              className="vd-tl-band vd-tl-future"
              style={{ left: `${future.left}%`, width: `${future.width}%` }}
            />
          ) : null}
          {expired ? (
            <div
              className="vd-tl-band vd-tl-expired"
              data-testid="timeline-expired"
              style={{ left: `${expired.left}%`, width: `${expired.width}%` }}
              title={t('recordings.timeline.stateExpired')}
            >
              {expired.width > 8 ? (
                <span className="vd-tl-expired-label">{t('recordings.timeline.expired')}</span>
              ) : null}
            </div>
          ) : null}
          {data?.deleted.map((range) => {
            const p = placement(range, view);
            if (!p) return null;
            return (
              <div
                key={`d${range.from}`}
                className="vd-tl-band vd-tl-deleted"
                style={{ left: `${p.left}%`, width: `${p.width}%` }}
                title={t('recordings.timeline.stateDeleted', {
                  cause: t(`recordings.deletedCauses.${range.cause}`),
                })}
              />
            );
          })}
          {data?.recorded.map((range) => {
            const p = placement(range, view);
            if (!p) return null;
            return (
              <div
                key={`r${range.from}`}
                className="vd-tl-band vd-tl-recorded"
                data-testid="timeline-recorded"
                data-from={new Date(range.from).toISOString()}
                data-to={new Date(range.to).toISOString()}
                style={{ left: `${p.left}%`, width: `${p.width}%` }}
              />
            );
          })}
          {data?.gaps.map((gap) => {
            const p = placement(gap, view);
            if (!p) return null;
            return (
              <div
                key={`x${gap.from}`}
                className="vd-tl-band vd-tl-gap"
                data-testid="timeline-gap"
                data-cause={gap.cause}
                style={{ left: `${p.left}%`, width: `${p.width}%` }}
                title={gapTitle(t, gap)}
              />
            );
          })}
          {sessionBox ? (
            <div
              className="vd-tl-band vd-tl-session"
              style={{ left: `${sessionBox.left}%`, width: `${sessionBox.width}%` }}
            />
          ) : null}
        </div>
        <div className="vd-tl-axis" aria-hidden="true">
          {tickList.map((tick) => {
            const pct = percentOf(tick, view);
            if (pct < 2 || pct > 98) return null;
            const midnight = isRomeMidnight(tick);
            return (
              <span
                key={`l${tick}`}
                className={`vd-tl-tick${midnight ? ' vd-tl-tick-day' : ''}`}
                style={{ left: `${pct}%` }}
              >
                {midnight ? formatDayMonth(tick) : formatTimeOfDay(tick, withSeconds)}
              </span>
            );
          })}
        </div>
        {nowPct >= 0 && nowPct <= 100 ? (
          <div className="vd-tl-now" style={{ left: `${nowPct}%` }} aria-hidden="true">
            <span className="vd-tl-now-label">{t('recordings.timeline.nowLabel')}</span>
          </div>
        ) : null}
        {cursor !== null && cursor >= view.from && cursor <= view.to ? (
          <div
            className="vd-tl-cursor"
            data-testid="timeline-cursor"
            style={{ left: `${percentOf(cursor, view)}%` }}
            aria-hidden="true"
          />
        ) : null}
        {focused && caretValue >= view.from && caretValue <= view.to ? (
          <div
            className="vd-tl-caret"
            style={{ left: `${percentOf(caretValue, view)}%` }}
            aria-hidden="true"
          >
            <span className="vd-tl-caret-label">{formatTimeOfDay(caretValue, true)}</span>
          </div>
        ) : null}
        {hover ? (
          <>
            <div className="vd-tl-hover" style={{ left: hover.x }} aria-hidden="true" />
            <div
              className="vd-tl-tooltip"
              aria-hidden="true"
              style={
                hover.x > width / 2
                  ? { right: Math.max(0, width - hover.x + 8) }
                  : { left: hover.x + 8 }
              }
            >
              <strong>{formatClock(hover.instant)}</strong>
              {describeInstant(t, data, hover.instant, now).map((line) => (
                <span key={line} className="d-block">
                  {line}
                </span>
              ))}
            </div>
          </>
        ) : null}
      </div>

      <p id={helpId} className="visually-hidden">
        {t('recordings.timeline.keyboardHelp')}
      </p>
      <TimelineLegend />
    </div>
  );
}
