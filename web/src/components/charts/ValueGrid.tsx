import { ticks } from './scale';
import { CHART_COLORS } from './types';

/** The horizontal grid lines of a vertical chart, each with its value on the left axis. */
export function ValueGrid({
  max,
  left,
  right,
  y,
  format,
}: {
  max: number;
  /** x of the axis (values are written just left of it) and of the lines' right end. */
  left: number;
  right: number;
  y: (value: number) => number;
  format: (value: number) => string;
}) {
  return (
    <>
      {ticks(max).map((tick) => (
        <g key={tick} aria-hidden="true">
          <line
            x1={left}
            x2={right}
            y1={y(tick)}
            y2={y(tick)}
            stroke={CHART_COLORS.neutralLight}
            strokeWidth={tick === 0 ? 1.5 : 0.75}
          />
          <text
            x={left - 6}
            y={y(tick)}
            textAnchor="end"
            dominantBaseline="central"
            fontSize={11}
            className="vd-chart-axis"
          >
            {format(tick)}
          </text>
        </g>
      ))}
    </>
  );
}
