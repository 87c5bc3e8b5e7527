import { useT } from '../../i18n';
import { ChartFrame } from './ChartFrame';
import { ValueGrid } from './ValueGrid';
import { useNumberFormat } from './format';
import { clip, niceMax } from './scale';
import { CHART_COLORS, type ChartItem, type ValueFormatter } from './types';

interface BarChartProps {
  title: string;
  items: readonly ChartItem[];
  /** Horizontal bars suit long category labels; vertical columns suit short ones (months, bands). */
  orientation?: 'horizontal' | 'vertical';
  formatValue?: ValueFormatter;
  /** Shown under the chart (e.g. what the values count). */
  note?: string;
  testId?: string;
}

const WIDTH = 520;
const FONT = 13;

/** A bar chart in plain SVG with its values written on the bars, readable in print. */
export function BarChart({
  title,
  items,
  orientation = 'horizontal',
  formatValue,
  note,
  testId,
}: BarChartProps) {
  const t = useT();
  const fallback = useNumberFormat();
  const format = formatValue ?? fallback;
  const description = t('charts.described', {
    title,
    items: items
      .map((item) => t('charts.item', { label: item.label, value: format(item.value) }))
      .join('; '),
  });
  return (
    <ChartFrame title={title} note={note} testId={testId} empty={items.length === 0}>
      {orientation === 'horizontal' ? (
        <HorizontalBars title={title} description={description} items={items} format={format} />
      ) : (
        <VerticalBars title={title} description={description} items={items} format={format} />
      )}
    </ChartFrame>
  );
}

interface BarsProps {
  title: string;
  description: string;
  items: readonly ChartItem[];
  format: ValueFormatter;
}

function HorizontalBars({ title, description, items, format }: BarsProps) {
  const row = 30;
  const barHeight = 18;
  const labelWidth = 190;
  const valueWidth = 56;
  const top = 4;
  const barArea = WIDTH - labelWidth - valueWidth - 8;
  const max = niceMax(Math.max(0, ...items.map((i) => i.value)));
  const height = top + items.length * row + 4;
  return (
    <svg
      className="vd-chart-svg"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={description}
      preserveAspectRatio="xMinYMin meet"
      style={{ maxWidth: WIDTH }}
    >
      <title>{title}</title>
      <desc>{description}</desc>
      <line
        x1={labelWidth}
        x2={labelWidth}
        y1={0}
        y2={height}
        stroke={CHART_COLORS.neutralLight}
        strokeWidth={1}
      />
      {items.map((item, index) => {
        const y = top + index * row;
        const width = max > 0 ? (Math.max(0, item.value) / max) * barArea : 0;
        return (
          <g
            key={item.key}
            data-testid="chart-bar"
            data-key={item.key}
            data-label={item.label}
            data-value={item.value}
          >
            <title>{`${item.label}: ${format(item.value)}`}</title>
            <text
              x={labelWidth - 8}
              y={y + barHeight / 2}
              textAnchor="end"
              dominantBaseline="central"
              fontSize={FONT}
              className="vd-chart-label"
            >
              {clip(item.label, 27)}
            </text>
            <rect
              x={labelWidth}
              y={y}
              width={Math.max(width, item.value > 0 ? 2 : 0)}
              height={barHeight}
              rx={2}
              fill={item.color ?? CHART_COLORS.primary}
            />
            <text
              x={labelWidth + width + 6}
              y={y + barHeight / 2}
              dominantBaseline="central"
              fontSize={FONT}
              fontWeight={600}
              className="vd-chart-value"
            >
              {format(item.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function VerticalBars({ title, description, items, format }: BarsProps) {
  const height = 240;
  const left = 44;
  const bottom = 36;
  const top = 20;
  const plotHeight = height - top - bottom;
  const plotWidth = WIDTH - left - 8;
  const max = niceMax(Math.max(0, ...items.map((i) => i.value)));
  const slot = items.length > 0 ? plotWidth / items.length : plotWidth;
  const barWidth = Math.min(56, slot * 0.7);
  const labelChars = Math.max(3, Math.floor(slot / 7));
  const y = (value: number) => top + plotHeight - (Math.max(0, value) / max) * plotHeight;
  return (
    <svg
      className="vd-chart-svg"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={description}
      preserveAspectRatio="xMinYMin meet"
      style={{ maxWidth: WIDTH }}
    >
      <title>{title}</title>
      <desc>{description}</desc>
      <ValueGrid max={max} left={left} right={WIDTH - 8} y={y} format={format} />
      {items.map((item, index) => {
        const cx = left + slot * index + slot / 2;
        const barTop = y(item.value);
        return (
          <g
            key={item.key}
            data-testid="chart-bar"
            data-key={item.key}
            data-label={item.label}
            data-value={item.value}
          >
            <title>{`${item.label}: ${format(item.value)}`}</title>
            <rect
              x={cx - barWidth / 2}
              y={barTop}
              width={barWidth}
              height={top + plotHeight - barTop}
              rx={2}
              fill={item.color ?? CHART_COLORS.primary}
            />
            <text
              x={cx}
              y={barTop - 5}
              textAnchor="middle"
              fontSize={12}
              fontWeight={600}
              className="vd-chart-value"
            >
              {format(item.value)}
            </text>
            <text
              x={cx}
              y={height - bottom + 16}
              textAnchor="middle"
              fontSize={12}
              className="vd-chart-label"
            >
              {clip(item.label, labelChars)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
