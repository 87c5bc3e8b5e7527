/** One bar, segment or column of a chart. */
export interface ChartItem {
  /** Stable key (e.g. the server's code), also exposed as `data-key` for tests. */
  key: string;
  /** Italian (or English) label shown beside the bar. */
  label: string;
  value: number;
  /** CSS colour; charts fall back to the primary blue. */
  color?: string;
}

/** Formats a value for labels and for the spoken description. */
export type ValueFormatter = (value: number) => string;

/** Colours with enough contrast on white and in greyscale print (Bootstrap Italia palette). */
export const CHART_COLORS = {
  primary: '#0066cc',
  primaryLight: '#80b3e6',
  success: '#008055',
  danger: '#cc334d',
  warning: '#b35c00',
  neutral: '#5d7083',
  neutralLight: '#c5cfd9',
} as const;

/** Distinct colours for categories of a stacked bar, in order. */
export const SERIES_COLORS: readonly string[] = [
  CHART_COLORS.danger,
  CHART_COLORS.warning,
  '#7a3d99',
  CHART_COLORS.neutral,
  '#1a6b73',
  '#995c00',
];
