import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseRequestMessage } from '../modules/requests/intake/parse-message.js';
import type { ParsedRequest } from '../modules/requests/intake/parsed-request.schema.js';
import { errorMessage } from '../platform/errors.js';

/** Problems that leave nothing to read: the command fails so scripts notice. */
const FATAL = new Set(['malformed_mime', 'empty_body', 'parse_error']);

async function readInput(file: string): Promise<Buffer> {
  if (file !== '-') return readFile(file);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function summary(r: ParsedRequest): string {
  const c = (f: keyof ParsedRequest['confidence']) => `(${r.confidence[f].toFixed(2)})`;
  const p = r.place;
  const place = p
    ? [p.street ?? p.landmark, p.number, p.crossStreet && `× ${p.crossStreet}`]
        .filter(Boolean)
        .join(' ')
    : '—';
  const q = r.requester;
  const who = [
    [q.rank, q.name].filter(Boolean).join(' '),
    q.badge && `matr. ${q.badge}`,
    q.unit,
    q.email,
  ]
    .filter(Boolean)
    .join(', ');
  const lines = [
    ['Oggetto', r.subject || '—'],
    ['Canale', r.channel + (r.pec?.identifier ? ` (${r.pec.identifier})` : '')],
    ['Tipo evento', `${r.eventType ?? '—'} ${c('eventType')}`],
    ['Finestra', r.window ? `${r.window.from} → ${r.window.to} ${c('window')}` : '—'],
    ['Luogo', `${place} ${p ? c('place') : ''}`.trim()],
    ['Riferimenti', r.references.map((x) => `${x.kind} ${x.number}`).join('; ') || '—'],
    ['Richiedente', `${who || '—'} [${q.type}] ${c('requester')}`],
    ['Urgente', r.urgent ? 'sì' : 'no'],
    ['Mancanti', r.missing.join(', ') || '—'],
    ['Problemi', r.problems.join(', ') || '—'],
  ];
  return lines.map(([k, v]) => `${k!.padEnd(12)} ${v}`).join('\n') + '\n';
}

export function registerParseRequestCommand(program: Command): void {
  program
    .command('parse-request')
    .description('parse one footage request (.eml, PEC envelopes included) and print its fields')
    .argument('<file>', 'the message as received ("-" reads standard input)')
    .option('--json', 'print the structured result as JSON')
    .option('--now <iso>', 'reference instant when the message has no Date header')
    .option('--margin <minutes>', 'a single time becomes ± this many minutes', '10')
    .action(async (file: string, opts: { json?: boolean; now?: string; margin: string }) => {
      const now = opts.now === undefined ? undefined : new Date(opts.now);
      const margin = Number(opts.margin);
      if (now && Number.isNaN(now.getTime())) {
        process.stderr.write(`vedetta: --now non è una data ISO 8601 valida: ${opts.now}\n`);
        process.exitCode = 1;
        return;
      }
      if (!Number.isInteger(margin) || margin < 0 || margin > 240) {
        process.stderr.write(`vedetta: --margin deve essere un numero di minuti tra 0 e 240\n`);
        process.exitCode = 1;
        return;
      }
      let raw: Buffer;
      try {
        raw = await readInput(file);
      } catch (err: unknown) {
        process.stderr.write(`vedetta: impossibile leggere ${file}: ${errorMessage(err)}\n`);
        process.exitCode = 1;
        return;
      }
      const result = await parseRequestMessage(raw, { now, singleTimeMarginMinutes: margin });
      process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : summary(result));
      const fatal = result.problems.filter((p) => FATAL.has(p));
      if (fatal.length) {
        process.stderr.write(`vedetta: messaggio non leggibile (${fatal.join(', ')})\n`);
        process.exitCode = 1;
      }
    });
}
