import type { Kpis } from './reports.schemas.js';

/** How a value is printed: an integer, hours with one decimal, or a share as a percentage. */
export type KpiFormat = 'int' | 'hours' | 'pct';

/** One indicator line: the same list is printed in the PDF and written to the XLSX. */
export interface KpiLine {
  section: string;
  key: string;
  label: string;
  value: number | null;
  format: KpiFormat;
}

const INT = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0 });
const ONE = new Intl.NumberFormat('it-IT', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const PCT = new Intl.NumberFormat('it-IT', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** The Italian printed form of a value (`1.234`, `20,5`, `99,31%`, `—` for nothing). */
export function formatValue(value: number | null, format: KpiFormat): string {
  if (value === null) return '—';
  if (format === 'pct') return `${PCT.format(Math.round(value * 10_000) / 100)}%`;
  if (format === 'hours') return ONE.format(value);
  return INT.format(value);
}

export const fmtInt = (n: number) => INT.format(n);
export const fmtHours = (n: number | null) => formatValue(n, 'hours');
export const fmtPct = (n: number | null) => formatValue(n, 'pct');

/** Every indicator of the KPI object as a flat list, in the order of the report. */
export function kpiLines(k: Kpis): KpiLine[] {
  const out: KpiLine[] = [];
  const add = (
    section: string,
    key: string,
    label: string,
    value: number | null,
    format: KpiFormat = 'int',
  ) => out.push({ section, key, label, value, format });

  const req = 'Richieste';
  add(req, 'requests.received', 'Richieste ricevute', k.requests.received);
  for (const c of k.requests.byChannel)
    add(req, `requests.byChannel.${c.key}`, `Canale: ${c.label}`, c.count);
  for (const c of k.requests.byEventType)
    add(req, `requests.byEventType.${c.key}`, `Evento: ${c.label}`, c.count);
  for (const c of k.requests.byRequesterType)
    add(req, `requests.byRequesterType.${c.key}`, `Richiedente: ${c.label}`, c.count);

  const out_ = 'Esiti';
  add(out_, 'outcomes.evasa', 'Richieste evase', k.outcomes.evasa);
  add(out_, 'outcomes.negativa', 'Richieste con esito negativo', k.outcomes.negativa);
  for (const c of k.outcomes.negativaByReason)
    add(out_, `outcomes.negativaByReason.${c.key}`, `Negativa: ${c.label}`, c.count);
  add(out_, 'outcomes.open', 'Richieste ancora aperte', k.outcomes.open);
  add(out_, 'outcomes.annullata', 'Richieste annullate', k.outcomes.annullata);
  add(out_, 'outcomes.unita', 'Richieste unite ad altre', k.outcomes.unita);

  const tat = 'Tempi di evasione';
  add(tat, 'turnaround.count', 'Richieste evase misurate', k.turnaround.count);
  add(tat, 'turnaround.medianHours', 'Tempo mediano (ore)', k.turnaround.medianHours, 'hours');
  add(tat, 'turnaround.p90Hours', 'Tempo al 90° percentile (ore)', k.turnaround.p90Hours, 'hours');
  for (const b of k.turnaround.buckets)
    add(tat, `turnaround.buckets.${b.key}`, `Evase in ${b.label}`, b.count);

  const bl = 'Arretrato';
  add(bl, 'backlog.count', 'Richieste aperte', k.backlog.count);
  add(bl, 'backlog.expired', 'Aperte con scadenza superata', k.backlog.expired);
  add(bl, 'backlog.dueWithin24h', 'Aperte in scadenza entro 24 ore', k.backlog.dueWithin24h);

  const acq = 'Acquisizioni';
  add(acq, 'acquisitions.acquisitions', 'Acquisizioni', k.acquisitions.acquisitions);
  add(acq, 'acquisitions.registered', 'Acquisizioni registrate', k.acquisitions.registered);
  add(acq, 'acquisitions.ratio', 'Quota registrata', k.acquisitions.ratio, 'pct');
  add(acq, 'acquisitions.failed', 'Acquisizioni non riuscite', k.acquisitions.failed);
  add(acq, 'acquisitions.inProgress', 'Acquisizioni in corso', k.acquisitions.inProgress);
  add(acq, 'footageLost.count', 'Filmati persi per scadenza', k.footageLost.count);

  const hc = 'Blocchi e telecamere';
  add(hc, 'holds.active', 'Blocchi attivi', k.holds.active);
  add(hc, 'holds.placed', 'Blocchi disposti', k.holds.placed);
  add(hc, 'holds.released', 'Blocchi rilasciati', k.holds.released);
  add(hc, 'cameras.count', 'Telecamere', k.cameras.count);
  add(hc, 'cameras.uptime', 'Disponibilità delle telecamere', k.cameras.uptime, 'pct');
  add(hc, 'cameras.gaps', 'Interruzioni di registrazione', k.cameras.gaps);
  add(hc, 'cameras.gapHours', 'Ore di interruzione', k.cameras.gapHours, 'hours');

  const bc = 'Bodycam';
  add(bc, 'bodycams.clips', 'Filmati bodycam', k.bodycams.clips);
  add(bc, 'bodycams.hours', 'Ore registrate', k.bodycams.hours, 'hours');
  add(bc, 'bodycams.categorizedOnTime', 'Categorizzati nei termini', k.bodycams.categorizedOnTime);
  add(bc, 'bodycams.categorizedLate', 'Categorizzati in ritardo', k.bodycams.categorizedLate);
  add(bc, 'bodycams.overdue', 'Da categorizzare, termine scaduto', k.bodycams.overdue);
  add(bc, 'bodycams.pending', 'Da categorizzare, nei termini', k.bodycams.pending);
  add(bc, 'bodycams.onTimeShare', 'Quota categorizzata nei termini', k.bodycams.onTimeShare, 'pct');
  add(bc, 'bodycams.viewings', 'Visioni registrate', k.bodycams.viewings);
  add(bc, 'bodycams.downloads', 'Scaricamenti', k.bodycams.downloads);
  add(bc, 'bodycams.shares', 'Condivisioni', k.bodycams.shares);
  return out;
}
