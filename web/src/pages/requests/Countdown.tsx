import { useT } from '../../i18n';
import { clock, formatCountdown } from './requestsApi';

interface CountdownProps {
  dueAt: string | null;
  /** Server time minus local time, so a wrong client clock does not shift the countdown. */
  skewMs: number;
  now: number;
}

/** Time left before the footage would be deleted: red under 24 h, "scadute" once past. */
export function Countdown({ dueAt, skewMs, now }: CountdownProps) {
  const t = useT();
  if (!dueAt) return <span>{t('common.none')}</span>;
  const due = Date.parse(dueAt);
  const left = due - (now + skewMs);
  const text = formatCountdown(left);
  const urgent = left < 24 * 3600 * 1000;
  return (
    <span
      data-testid="countdown"
      data-due-at={dueAt}
      title={t('requests.countdownTitle', { time: clock(dueAt) })}
      className={`vd-countdown text-nowrap${urgent ? ' text-danger fw-bold' : ''}`}
    >
      {text ?? t('requests.expired')}
    </span>
  );
}
