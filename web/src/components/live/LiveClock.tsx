import { useEffect, useRef } from 'react';
import { useT } from '../../i18n';

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
  /** Server wall clock (epoch ms) of the frame on screen; null when there is none. */
  wallNow: () => number | null;
}

/**
 * Wall-clock time of the frame on screen: the server's arrival time of the latest fragment
 * (MSE) or clock message (WebRTC), moved by how far the frame on screen is from it. Written
 * straight into the DOM a few times a second, so sixteen tiles do not re-render React four
 * times a second.
 */
export function LiveClock({ wallNow }: LiveClockProps) {
  const t = useT();
  const ref = useRef<HTMLSpanElement>(null);
  const wallRef = useRef(wallNow);
  wallRef.current = wallNow;

  useEffect(() => {
    const tick = () => {
      const el = ref.current;
      if (!el) return;
      const wall = wallRef.current();
      const text = wall == null ? EMPTY : formatRomeTime(wall);
      if (el.textContent !== text) el.textContent = text;
    };
    tick();
    const timer = window.setInterval(tick, TICK_MS);
    return () => window.clearInterval(timer);
  }, []);

  return (
    <span className="vd-live-clock" title={t('live.clockHint')}>
      <span className="visually-hidden">{t('live.clock')} </span>
      <span ref={ref} data-testid="live-clock">
        {EMPTY}
      </span>
    </span>
  );
}
