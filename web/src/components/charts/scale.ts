/** Pure helpers shared by the SVG charts: axis ranges, ticks and shares. */

/** The smallest "round" number (1, 2, 2.5, 5 × 10^k) not below `value`; at least 1. */
export function niceMax(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    if (candidate >= value) return candidate;
  }
  return 10 * magnitude;
}

/**
 * Evenly spaced tick values from 0 to `max` (inclusive), about `count` intervals.
 * Integer data (counts) never gets fractional ticks: 5 intervals for 5 or 25,
 * fewer for 2 or 3.
 */
export function ticks(max: number, count = 4, integer = true): number[] {
  let intervals = count;
  if (integer) {
    const candidates = [
      count,
      count + 1,
      ...Array.from({ length: count - 1 }, (_, i) => count - 1 - i),
    ];
    intervals = candidates.find((n) => n >= 1 && Number.isInteger(max / n)) ?? 1;
  }
  const step = max / intervals;
  return Array.from({ length: intervals + 1 }, (_, i) => i * step);
}

export interface Share {
  value: number;
  /** Fraction of the total, 0..1 (0 when the total is 0). */
  fraction: number;
  /** Start of the segment as a fraction of the total. */
  offset: number;
}

/** Each value's fraction of the total and where its segment starts (for stacked bars). */
export function shares(values: readonly number[]): Share[] {
  const total = values.reduce((sum, v) => sum + Math.max(0, v), 0);
  let offset = 0;
  return values.map((raw) => {
    const value = Math.max(0, raw);
    const fraction = total > 0 ? value / total : 0;
    const share = { value, fraction, offset };
    offset += fraction;
    return share;
  });
}

/**
 * Percentages that add up to exactly 100 (largest remainder), so a legend
 * never reads 33 % + 33 % + 33 %.
 */
export function roundedPercents(values: readonly number[]): number[] {
  const total = values.reduce((sum, v) => sum + Math.max(0, v), 0);
  if (total <= 0) return values.map(() => 0);
  const exact = values.map((v) => (Math.max(0, v) / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((v, i) => ({ i, rest: v - Math.floor(v) }))
    .sort((a, b) => b.rest - a.rest);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** A label cut to `max` characters with an ellipsis (SVG text does not wrap). */
export function clip(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1))}…`;
}

/** Black or white, whichever reads better on a `#rrggbb` fill (WCAG relative luminance). */
export function textColorOn(fill: string): '#000' | '#fff' {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill);
  if (!match) return '#fff';
  const [r, g, b] = match.slice(1).map((hex) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white vs with black: (1.05)/(L+0.05) against (L+0.05)/(0.05).
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#fff' : '#000';
}
