import { Icon } from '../Icon';
import { useT } from '../../i18n';
import './charts.css';

interface KpiTileProps {
  label: string;
  /** The value as shown ("100%", "3"). */
  value: string;
  /** The target as shown ("100%", "0"); omitted for indicators without one. */
  target?: string;
  /** Whether the target is met; null when there was nothing to measure in the period. */
  met?: boolean | null;
  /** A line under the value (e.g. "41 acquisizioni, 41 registrate"). */
  detail?: string;
  testId?: string;
}

/** One indicator: its value in large type, the target and whether it is met. */
export function KpiTile({ label, value, target, met, detail, testId }: KpiTileProps) {
  const t = useT();
  const hasTarget = target !== undefined;
  const measured = hasTarget && met !== undefined && met !== null;
  const state = !hasTarget
    ? t('charts.noTarget')
    : measured
      ? met
        ? t('charts.met')
        : t('charts.notMet')
      : t('charts.notMeasured');
  const targetText = hasTarget ? t('charts.target', { target }) : '';
  const tone = measured ? (met ? 'met' : 'missed') : 'plain';
  return (
    <div
      className={`vd-kpi vd-kpi-${tone}`}
      role="group"
      aria-label={t('charts.tile', { label, value, target: targetText, state })}
      data-testid={testId}
      data-value={value}
      data-met={measured ? String(met) : undefined}
    >
      <div className="vd-kpi-label">{label}</div>
      <div className="vd-kpi-value">{value}</div>
      {detail ? <div className="vd-kpi-detail small">{detail}</div> : null}
      {hasTarget ? (
        <div className="vd-kpi-target small">
          <span>{targetText}</span>
          <span className="vd-kpi-state">
            {measured ? (
              <Icon name={met ? 'it-check-circle' : 'it-error'} className="icon-sm" />
            ) : null}
            <span>{state}</span>
          </span>
        </div>
      ) : null}
    </div>
  );
}
