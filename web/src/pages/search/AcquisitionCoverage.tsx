import { Badge } from 'design-react-kit';
import { formatDuration } from '../../components/timeline/rome';
import { useT } from '../../i18n';
import { AvailabilityBar } from './AvailabilityBar';
import type { CoverageItem } from './searchApi';
import { coverageOf, type CoverageLevel } from './selection';

const LEVEL_BADGE: Record<CoverageLevel, string> = {
  complete: 'success',
  partial: 'warning',
  low: 'warning',
  none: 'danger',
};

const windowMs = (c: CoverageItem) =>
  c.totals.recordedMs + c.totals.gapMs + c.totals.expiredMs + c.totals.futureMs;

/** One camera's share of the window to acquire: a thin bar and recorded / gap / expired / held. */
export function CoverageLine({ item, from, to }: { item: CoverageItem; from: number; to: number }) {
  const t = useT();
  const { level, percent } = coverageOf(item.totals);
  const parts = [
    t('evidencePage.acquire.coverage.recorded', {
      recorded: formatDuration(item.totals.recordedMs),
      window: formatDuration(windowMs(item)),
      percent,
    }),
    item.totals.gapMs > 0
      ? t('evidencePage.acquire.coverage.gap', { duration: formatDuration(item.totals.gapMs) })
      : null,
    item.totals.expiredMs > 0
      ? t('evidencePage.acquire.coverage.expired', {
          duration: formatDuration(item.totals.expiredMs),
        })
      : null,
    item.totals.heldMs > 0
      ? t('evidencePage.acquire.coverage.held', { duration: formatDuration(item.totals.heldMs) })
      : null,
  ].filter((p): p is string => p !== null);
  return (
    <div
      className="vd-acquire-coverage"
      data-testid="acquire-coverage"
      data-code={item.camera.code}
      data-level={level}
      data-percent={percent}
    >
      <AvailabilityBar
        from={from}
        to={to}
        bands={item.bands}
        holds={item.holds}
        label={t('evidencePage.acquire.coverage.label', { code: item.camera.code })}
        thin
      />
      <p className="small mb-0">
        <Badge color={LEVEL_BADGE[level]} className="me-1">
          {t(`evidencePage.acquire.coverage.levels.${level}`)}
        </Badge>
        {parts.join(' · ')}
      </p>
    </div>
  );
}

/**
 * The warnings over the chosen cameras: a window with no footage cannot be acquired (danger);
 * one mostly without footage can, once the operator confirms it (warning).
 */
export function CoverageWarnings({ items }: { items: readonly CoverageItem[] }) {
  const t = useT();
  const none = items.filter((c) => coverageOf(c.totals).level === 'none');
  const low = items.filter((c) => coverageOf(c.totals).level === 'low');
  return (
    <>
      {none.length > 0 ? (
        <div className="alert alert-danger py-2" role="alert" data-testid="acquire-coverage-none">
          <p className="fw-semibold mb-1">{t('evidencePage.acquire.coverage.noneTitle')}</p>
          <ul className="mb-1 ps-3">
            {none.map((c) => (
              <li key={c.camera.id}>
                {t(
                  c.summary === 'expired'
                    ? 'evidencePage.acquire.coverage.expiredItem'
                    : 'evidencePage.acquire.coverage.noneItem',
                  { code: c.camera.code },
                )}
              </li>
            ))}
          </ul>
          <p className="small mb-0">{t('evidencePage.acquire.coverage.noneHint')}</p>
        </div>
      ) : null}
      {low.length > 0 ? (
        <div className="alert alert-warning py-2" role="status" data-testid="acquire-coverage-low">
          <p className="fw-semibold mb-1">{t('evidencePage.acquire.coverage.lowTitle')}</p>
          <ul className="mb-1 ps-3">
            {low.map((c) => (
              <li key={c.camera.id}>
                {t('evidencePage.acquire.coverage.lowItem', {
                  code: c.camera.code,
                  percent: coverageOf(c.totals).percent,
                  recorded: formatDuration(c.totals.recordedMs),
                  window: formatDuration(windowMs(c)),
                })}
              </li>
            ))}
          </ul>
          <p className="small mb-0">{t('evidencePage.acquire.coverage.lowHint')}</p>
        </div>
      ) : null}
    </>
  );
}
