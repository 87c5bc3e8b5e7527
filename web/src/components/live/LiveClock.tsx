import { useEffect, useRef, type RefObject } from 'react';
import { useT } from '../../i18n';
import type { LiveMse } from './live-mse';

const TICK_MS = 250;
const EMPTY = '--:--:--';

const romeTime = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** "10:42:05", Italian time whatever the workstation's zone. */
export function formatRomeTime(instant: number): string {
  return romeTime.format(new Date(instant));
}

interface LiveClockProps {
  video: RefObject<HTMLVideoElement | null>;
  mse: RefObject<LiveMse | null>;
}

/**
 * Wall-clock time of the frame on screen: the server's arrival time of the latest fragment,
 * moved by how far the playhead is from that fragment's media time. Written straight into the
 * DOM a few times a second, so sixteen tiles do not re-render React four times a second.
 */
export function LiveClock({ video, mse }: LiveClockProps) {
  const t = useT();
  const ref = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    const tick = () => {
      const el = ref.current;
      const v = video.current;
      if (!el || !v) return;
      const wall = v.readyState >= 2 ? mse.current?.wallAt(v.currentTime) : null;
      const text = wall == null ? EMPTY : formatRomeTime(wall);
      if (el.textContent !== text) el.textContent = text;
    };
    tick();
    const timer = window.setInterval(tick, TICK_MS);
    return () => window.clearInterval(timer);
  }, [video, mse]);

  return (
    <span className="vd-live-clock" title={t('live.clockHint')}>
      <span className="visually-hidden">{t('live.clock')} </span>
      <span ref={ref} data-testid="live-clock">
        {EMPTY}
      </span>
    </span>
  );
}
