import { useMemo } from 'react';
import { LOCALES, useI18n } from '../../i18n';
import { ChartFrame } from './ChartFrame';
import { ValueGrid } from './ValueGrid';
import { useNumberFormat } from './format';
import { niceMax } from './scale';
import { CHART_COLORS, type ValueFormatter } from './types';

interface YearChartProps {
  title: string;
  year: number;
  /** Twelve values, January first; null for months not reached yet. */
  current: readonly (number | null)[];
  /** The same months of the previous year (null when unknown). */
  previous: readonly (number | null)[];
  formatValue?: ValueFormatter;
  note?: string;
  testId?: string;
}

const WIDTH = 640;
const HEIGHT = 250;
const LEFT = 44;
const RIGHT = 8;
const TOP = 22;
const BOTTOM = 30;

/** Short month names in the current language ("gen", "feb" …). */
function useMonthNames(): string[] {
  const { lang } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(LOCALES[lang], { month: 'short', timeZone: 'UTC' });
    return Array.from({ length: 12 }, (_, m) =>
      format.format(new Date(Date.UTC(2020, m, 15))).replace('.', ''),
    );
  }, [lang]);
}

/**
 * Month by month: this year as columns (value on top), the previous year as a
 * dashed line with dots, so the two read apart in colour and in greyscale print.
 */
export function YearChart({
  title,
  year,
  current,
  previous,
  formatValue,
  note,
  testId,
}: YearChartProps) {
  const { t } = useI18n();
  const fallback = useNumberFormat();
  const format = formatValue ?? fallback;
  const months = useMonthNames();
  const values = [...current, ...previous].filter((v): v is number => v !== null);
  const max = niceMax(Math.max(0, ...values));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT - RIGHT) / 12;
  const barWidth = slot * 0.6;
  const x = (month: number) => LEFT + slot * month + slot / 2;
  const y = (value: number) => TOP + plotHeight - (Math.max(0, value) / max) * plotHeight;
  const none = t('common.none');
  const description = t('charts.described', {
    title,
    items: months
      .map((month, m) =>
        t('charts.monthValue', {
          month,
          current: current[m] == null ? none : format(current[m]),
          previous: previous[m] == null ? none : format(previous[m]),
          previousYear: year - 1,
        }),
      )
      .join('; '),
  });
  const linePoints = previous
    .map((v, m) => (v === null ? null : `${x(m)},${y(v)}`))
    .filter((p): p is string => p !== null)
    .join(' ');
  return (
    <ChartFrame title={title} note={note} testId={testId} empty={values.length === 0}>
      <svg
        className="vd-chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={description}
        preserveAspectRatio="xMinYMin meet"
        style={{ maxWidth: WIDTH }}
      >
        <title>{title}</title>
        <desc>{description}</desc>
        <ValueGrid max={max} left={LEFT} right={WIDTH - RIGHT} y={y} format={format} />
        {months.map((month, m) => {
          const value = current[m] ?? null;
          return (
            <g
              key={month}
              data-testid="chart-month"
              data-month={m + 1}
              data-value={value ?? ''}
              data-previous={previous[m] ?? ''}
            >
              <title>
                {t('charts.monthValue', {
                  month,
                  current: value === null ? none : format(value),
                  previous: previous[m] == null ? none : format(previous[m]),
                  previousYear: year - 1,
                })}
              </title>
              {value !== null ? (
                <>
                  <rect
                    x={x(m) - barWidth / 2}
                    y={y(value)}
                    width={barWidth}
                    height={TOP + plotHeight - y(value)}
                    rx={2}
                    fill={CHART_COLORS.primary}
                  />
                  <text
                    x={x(m)}
                    y={y(value) - 5}
                    textAnchor="middle"
                    fontSize={11}
                    fontWeight={600}
                    className="vd-chart-value"
                  >
                    {format(value)}
                  </text>
                </>
              ) : null}
              <text
                x={x(m)}
                y={HEIGHT - BOTTOM + 16}
                textAnchor="middle"
                fontSize={12}
                className="vd-chart-label"
              >
                {month}
              </text>
            </g>
          );
        })}
        <g aria-hidden="true">
          <polyline
            points={linePoints}
            fill="none"
            stroke={CHART_COLORS.warning}
            strokeWidth={2}
            strokeDasharray="6 4"
          />
          {previous.map((v, m) =>
            v === null ? null : (
              <circle
                key={m}
                cx={x(m)}
                cy={y(v)}
                r={3.5}
                fill="#fff"
                stroke={CHART_COLORS.warning}
                strokeWidth={2}
              />
            ),
          )}
        </g>
      </svg>
      <ul className="vd-chart-legend list-unstyled mb-0 mt-1" aria-label={t('charts.legend')}>
        <li>
          <span
            className="vd-chart-swatch"
            style={{ backgroundColor: CHART_COLORS.primary }}
            aria-hidden="true"
          />
          {year}
        </li>
        <li>
          <span className="vd-chart-swatch vd-chart-swatch-line" aria-hidden="true" />
          {year - 1}
        </li>
      </ul>
    </ChartFrame>
  );
}
