import { useT } from '../../i18n';
import { ChartFrame } from './ChartFrame';
import { useNumberFormat } from './format';
import { useWidth } from './useWidth';
import { roundedPercents, shares, textColorOn } from './scale';
import { CHART_COLORS, SERIES_COLORS, type ChartItem, type ValueFormatter } from './types';

interface StackedBarProps {
  title: string;
  /** The parts of one whole, e.g. outcomes: evasa, negativa per motivo… */
  items: readonly ChartItem[];
  formatValue?: ValueFormatter;
  note?: string;
  testId?: string;
}

const MIN_WIDTH = 240;
const BAR = 36;

/**
 * A 100% bar: one whole split into its parts, with the percentages inside the
 * segments that are wide enough and a legend with counts under it.
 */
export function StackedBar({ title, items, formatValue, note, testId }: StackedBarProps) {
  const t = useT();
  const fallback = useNumberFormat();
  const format = formatValue ?? fallback;
  const { ref, width: measured } = useWidth<HTMLDivElement>(520);
  const WIDTH = Math.max(MIN_WIDTH, measured);
  const parts = shares(items.map((i) => i.value));
  const percents = roundedPercents(items.map((i) => i.value));
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const colorOf = (item: ChartItem, index: number) =>
    item.color ?? SERIES_COLORS[index % SERIES_COLORS.length] ?? CHART_COLORS.primary;
  const description = t('charts.described', {
    title,
    items: [
      t('charts.total', { value: format(total) }),
      ...items.map((item, i) =>
        t('charts.share', {
          label: item.label,
          value: format(item.value),
          percent: percents[i] ?? 0,
        }),
      ),
    ].join('; '),
  });
  return (
    <ChartFrame title={title} note={note} testId={testId} empty={total === 0}>
      <div ref={ref}>
        <svg
          className="vd-chart-svg"
          viewBox={`0 0 ${WIDTH} ${BAR + 2}`}
          role="img"
          aria-label={description}
          preserveAspectRatio="xMinYMin meet"
        >
          <title>{title}</title>
          <desc>{description}</desc>
          {items.map((item, index) => {
            const part = parts[index];
            if (!part || part.value === 0) return null;
            const x = part.offset * WIDTH;
            const width = part.fraction * WIDTH;
            return (
              <g
                key={item.key}
                data-testid="chart-segment"
                data-key={item.key}
                data-label={item.label}
                data-value={item.value}
              >
                <title>{`${item.label}: ${format(item.value)} (${percents[index]}%)`}</title>
                <rect
                  x={x}
                  y={1}
                  width={width}
                  height={BAR}
                  fill={colorOf(item, index)}
                  stroke="#fff"
                  strokeWidth={1.5}
                />
                {width >= 44 ? (
                  <text
                    x={x + width / 2}
                    y={1 + BAR / 2}
                    textAnchor="middle"
                    dominantBaseline="central"
                    fontSize={13}
                    fontWeight={700}
                    fill={textColorOn(colorOf(item, index))}
                  >
                    {`${percents[index]}%`}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
      <ul className="vd-chart-legend list-unstyled mb-0 mt-2" aria-label={t('charts.legend')}>
        {items.map((item, index) => (
          <li key={item.key} data-testid="chart-legend-item" data-key={item.key}>
            <span
              className="vd-chart-swatch"
              style={{ backgroundColor: colorOf(item, index) }}
              aria-hidden="true"
            />
            <span>{item.label}</span>
            <strong className="ms-2">{format(item.value)}</strong>
            <span className="text-secondary ms-1">({percents[index] ?? 0}%)</span>
          </li>
        ))}
      </ul>
    </ChartFrame>
  );
}
