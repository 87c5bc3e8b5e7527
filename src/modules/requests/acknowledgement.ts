import { formatRomeIso } from './intake/rome-time.js';

/** "14/11/2026 18:10" in Rome time (the notices' dates). */
export function romeLabel(iso: string): string {
  const s = formatRomeIso(Date.parse(iso));
  const [date = '', time = ''] = s.split('T');
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time.slice(0, 5)}`;
}
