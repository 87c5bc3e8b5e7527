import { formatClock, formatDuration, formatTimeOfDay } from '../../components/timeline/rome';
import { useT } from '../../i18n';
import type { Band, SearchHit } from './searchApi';

interface AvailabilityBarProps {
  from: number;
  to: number;
  bands: readonly Band[];
  holds: SearchHit['holds'];
  /** Labels the bar for screen readers and tests. */
  label: string;
  thin?: boolean;
}

const pct = (value: number, from: number, to: number) =>
  `${Math.min(100, Math.max(0, ((value - from) / (to - from)) * 100)).toFixed(3)}%`;

/** One camera's window as coloured bands (recorded, gap, expired, future), holds above. */
export function AvailabilityBar({ from, to, bands, holds, label, thin }: AvailabilityBarProps) {
  const t = useT();
  const describe = (b: Band) => {
    const span = `${formatTimeOfDay(Date.parse(b.from), true)}–${formatTimeOfDay(Date.parse(b.to), true)}`;
    const kind = t(`searchPage.bands.${b.kind}`);
    const cause =
      b.kind === 'gap' && b.cause
        ? ` (${t(`searchPage.gapCauses.${b.cause as 'camera_offline'}`)})`
        : b.kind === 'expired' && b.cause === 'disk_space'
          ? ` (${t('searchPage.diskSpace')})`
          : '';
    return `${kind}${cause} ${span}, ${formatDuration(Date.parse(b.to) - Date.parse(b.from))}`;
  };
  return (
    <div
      className={`vd-avail${thin ? ' vd-avail-thin' : ''}`}
      role="img"
      aria-label={`${label}: ${bands.map(describe).join('; ')}`}
      title={`${formatClock(from)} → ${formatClock(to)}`}
    >
      {holds.map((h) => (
        <span
          key={h.id}
          className="vd-avail-hold"
          style={{
            left: pct(Date.parse(h.from), from, to),
            width: `calc(${pct(Date.parse(h.to), from, to)} - ${pct(Date.parse(h.from), from, to)})`,
          }}
          title={`${t('searchPage.held')}: ${h.reason}`}
        />
      ))}
      {bands.map((b) => (
        <span
          key={b.from}
          className={`vd-avail-band vd-band-${b.kind}`}
          data-kind={b.kind}
          style={{
            left: pct(Date.parse(b.from), from, to),
            width: `calc(${pct(Date.parse(b.to), from, to)} - ${pct(Date.parse(b.from), from, to)})`,
          }}
          title={describe(b)}
        />
      ))}
    </div>
  );
}

/** The legend of the bars. */
export function AvailabilityLegend() {
  const t = useT();
  return (
    <ul className="list-inline small mb-0" aria-label={t('searchPage.legend')}>
      {(['recorded', 'gap', 'expired', 'future'] as const).map((k) => (
        <li key={k} className="list-inline-item me-3">
          <span className={`vd-legend-swatch vd-band-${k}`} aria-hidden="true" />
          {t(`searchPage.bands.${k}`)}
        </li>
      ))}
      <li className="list-inline-item me-3">
        <span className="vd-legend-swatch vd-avail-hold-swatch" aria-hidden="true" />
        {t('searchPage.held')}
      </li>
    </ul>
  );
}
