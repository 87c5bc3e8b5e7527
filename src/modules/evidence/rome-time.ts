// Times in evidence documents: UTC and Europe/Rome side by side, since a court reads local
// time and the files carry UTC.

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function romeParts(ms: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of PARTS.formatToParts(new Date(ms)))
    if (p.type !== 'literal') out[p.type] = p.value;
  return out;
}

/** `2026-11-23T09:10:00.000+01:00`: the Rome wall clock with its offset. */
export function romeIso(ms: number): string {
  const p = romeParts(ms);
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  const offsetMin = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const millis = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}.${millis}${off}`;
}

/** `23/11/2026 09:10:00` in Rome (for the verbale). */
export function romeHuman(ms: number): string {
  const p = romeParts(ms);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/** Both forms of an instant, as manifests carry them. */
export const instant = (ms: number) => ({
  utc: new Date(ms).toISOString(),
  europeRome: romeIso(ms),
});

/** `20261123T081000Z`, for file names. */
export const compactUtc = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
