import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../../platform/package-root.js';
import type { ParsedRequest } from './parsed-request.schema.js';

// Field accuracy of the parser on messages with the fields a careful operator reads from them
// (test/corpus/requests and the shared samples): used by the integration test and the bench.

export interface ExpectedFields {
  eventType: string | null;
  window: { from: string; to: string } | null;
  street: string | null;
  crossStreet?: string | null;
  references: string[];
  requesterType: string;
  channel: string;
}

export interface CorpusMessage {
  name: string;
  raw: Buffer;
  expected: ExpectedFields;
}

export const SCORED_FIELDS = [
  'eventType',
  'window',
  'street',
  'crossStreet',
  'references',
  'requesterType',
  'channel',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export const CORPUS_DIR = path.join(packageRoot(), 'test', 'corpus', 'requests');
/** The shared examples sit beside the repository (../shared), when they are there. */
export const SAMPLES_DIR =
  process.env.VEDETTA_REQUEST_SAMPLES ??
  path.resolve(packageRoot(), '..', 'shared', 'samples', 'requests');

/** Every NAME.eml with its NAME.json in a folder, sorted by name; none when it is absent. */
export function loadCorpus(dir: string): CorpusMessage[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml') && existsSync(path.join(dir, f.replace(/\.eml$/, '.json'))))
    .sort()
    .map((f) => ({
      name: f.replace(/\.eml$/, ''),
      raw: readFileSync(path.join(dir, f)),
      expected: JSON.parse(
        readFileSync(path.join(dir, f.replace(/\.eml$/, '.json')), 'utf8'),
      ) as ExpectedFields,
    }));
}

/** The scored fields of a parse result, in the shape of the expected files. */
export function actualFields(r: ParsedRequest): Record<ScoredField, unknown> {
  return {
    eventType: r.eventType,
    window: r.window,
    street: r.place?.street ?? null,
    crossStreet: r.place?.crossStreet ?? null,
    references: r.references.map((x) => x.number).sort(),
    requesterType: r.requester.type,
    channel: r.channel,
  };
}

function expectedFields(e: ExpectedFields): Record<ScoredField, unknown> {
  return { ...e, crossStreet: e.crossStreet ?? null, references: [...e.references].sort() };
}

export interface Miss {
  message: string;
  field: ScoredField;
  expected: unknown;
  actual: unknown;
}

export interface Score {
  messages: number;
  /** Correct fields / scored fields, overall and per field. */
  accuracy: number;
  perField: Record<ScoredField, number>;
  misses: Miss[];
}

export function score(
  results: Array<{ name: string; expected: ExpectedFields; actual: ParsedRequest }>,
): Score {
  const correct = Object.fromEntries(SCORED_FIELDS.map((f) => [f, 0])) as Record<
    ScoredField,
    number
  >;
  const misses: Miss[] = [];
  for (const { name, expected, actual } of results) {
    const e = expectedFields(expected);
    const a = actualFields(actual);
    for (const f of SCORED_FIELDS) {
      if (JSON.stringify(e[f]) === JSON.stringify(a[f])) correct[f]++;
      else misses.push({ message: name, field: f, expected: e[f], actual: a[f] });
    }
  }
  const n = results.length;
  const total = Object.values(correct).reduce((s, c) => s + c, 0);
  return {
    messages: n,
    accuracy: n ? total / (n * SCORED_FIELDS.length) : 0,
    perField: Object.fromEntries(SCORED_FIELDS.map((f) => [f, n ? correct[f] / n : 0])) as Record<
      ScoredField,
      number
    >,
    misses,
  };
}

/** A plain-text table of the misses and the per-field accuracy. */
export function formatScore(s: Score): string {
  const rows = s.misses.map(
    (m) =>
      `  MISS ${m.message.padEnd(58)} ${m.field.padEnd(13)} expected ${JSON.stringify(m.expected)}  got ${JSON.stringify(m.actual)}`,
  );
  const fields = Object.entries(s.perField)
    .map(([f, a]) => `  ${f.padEnd(13)} ${(a * 100).toFixed(1)}%`)
    .join('\n');
  return [
    `messages: ${s.messages}, field accuracy: ${(s.accuracy * 100).toFixed(1)}%`,
    fields,
    ...(rows.length ? ['misses:', ...rows] : ['misses: none']),
  ].join('\n');
}
