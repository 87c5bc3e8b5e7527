import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../platform/package-root.js';
import {
  CORPUS_DIR,
  SAMPLES_DIR,
  formatScore,
  loadCorpus,
  score,
  type CorpusMessage,
} from './corpus-score.js';
import { parseRequestMessage } from './parse-message.js';
import { ParsedRequestSchema, type ParsedRequest } from './parsed-request.schema.js';

// The parser over real files: the corpus written for the tests and the shared samples, each
// message with the fields a careful operator reads from it.

const corpus = loadCorpus(CORPUS_DIR);
const samples = loadCorpus(SAMPLES_DIR);
const parsed = new Map<string, ParsedRequest>();

async function parseAll(messages: CorpusMessage[]) {
  for (const m of messages) parsed.set(m.name, await parseRequestMessage(m.raw));
}

const result = (name: string) => {
  const r = parsed.get(name);
  if (!r) throw new Error(`no message ${name} in the corpus`);
  return r;
};

describe('intake parser on the corpus', () => {
  beforeAll(async () => {
    await parseAll(corpus);
    await parseAll(samples);
  });

  it('has a corpus of at least 45 messages, each parsing to the published shape', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    for (const m of [...corpus, ...samples]) {
      expect(() => ParsedRequestSchema.parse(result(m.name)), m.name).not.toThrow();
    }
  });

  it('reads at least 95% of the fields right on the corpus and the samples', () => {
    if (!samples.length) console.warn(`!! shared samples not found in ${SAMPLES_DIR}: corpus only`);
    const all = [...corpus, ...samples].map((m) => ({
      name: m.name,
      expected: m.expected,
      actual: result(m.name),
    }));
    const s = score(all);
    console.log(formatScore(s));
    expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
    for (const [field, acc] of Object.entries(s.perField)) {
      expect(acc, field).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('reads a PEC envelope: the original inside, the certification data beside it', () => {
    const r = result('c05-avvocato-pec-391quater-dst-ottobre');
    expect(r.channel).toBe('pec');
    expect(r.pec).toMatchObject({
      type: 'posta-certificata',
      sender: 'marco.ligabue@pec.ordineavvocatireggioemilia.it',
      date: '2026-10-27T15:10:09+01:00',
    });
    expect(r.pec?.identifier).toMatch(/^opec/);
    expect(r.requester).toMatchObject({ name: 'Marco Ligabue', rank: 'Avv.', type: 'lawyer' });
    // summer time ends inside the window
    expect(r.window).toEqual({
      from: '2026-10-24T23:00:00+02:00',
      to: '2026-10-25T04:00:00+01:00',
    });
  });

  it('counts "ieri notte" of a forwarded complaint from the complaint, not from the forward', () => {
    const r = result('c08-inoltro-outlook-cittadino-finestrino');
    expect(r.referenceDate).toBe('2026-11-12T21:40:00+01:00');
    expect(r.window).toEqual({
      from: '2026-11-12T01:50:00+01:00',
      to: '2026-11-12T02:10:00+01:00',
    });
    expect(r.requester).toMatchObject({ email: 'giorgio.bassi@libero.it', type: 'citizen' });
    expect(r.place).toMatchObject({ street: 'via guido da castello', number: '33' });
  });

  it('reads a filled template at full confidence', () => {
    const r = result('c12-template-completo-sinistro');
    expect(r.confidence).toMatchObject({ eventType: 1, window: 1, place: 1, references: 1 });
    expect(r.requester).toMatchObject({ name: 'Marta Incerti', rank: 'Ag.', badge: '521' });
    expect(r.missing).toEqual([]);
  });

  it('lists missing fields rather than guessing them', () => {
    expect(result('c14-officer-iphone-senza-luogo').missing).toContain('place');
    expect(result('c15-officer-furto-bici-senza-orario').missing).toContain('window');
    const onlyAttachment = result('c46-solo-allegato-protocollo-in-oggetto');
    expect(onlyAttachment.missing).toEqual(expect.arrayContaining(['window', 'place']));
    expect(onlyAttachment.confidence.eventType).toBeLessThan(0.5);
  });

  it('converts HTML-only mail to inert text and says it was HTML-only', () => {
    const r = result('c07-officer-html-b64-ore-18-20');
    expect(r.problems).toContain('html_only');
    expect(r.bodyText).not.toMatch(/<[a-z]/i);
    expect(r.bodyText).toContain('lunedì 9 novembre');
    const s06 = parsed.get('s06');
    if (s06) expect(s06.bodyText).not.toContain('alert');
  });

  it('highlights what it read: spans point at the words in the body', () => {
    const r = result('c01-officer-incidente-vle-piave');
    const read = r.spans.map((s) => [s.field, r.bodyText.slice(s.start, s.end)]);
    expect(read).toEqual(
      expect.arrayContaining([
        ['eventType', 'incidente stradale'],
        ['window', 'dalle h 13.00 alle h 14.30'],
        ['window', '02/11/2026'],
        ['place', 'v.le Piave'],
        ['references', '2150/2026'],
      ]),
    );
  });

  it('vedetta parse-request prints the result, and fails clearly on unreadable input', () => {
    const root = packageRoot();
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'src', 'main.ts'), 'parse-request', ...args],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
    const ok = cli([path.join(CORPUS_DIR, 'c01-officer-incidente-vle-piave.eml'), '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      eventType: 'sinistro_stradale',
      place: { street: 'viale piave' },
      requester: { type: 'officer' },
    });
    const text = cli([path.join(CORPUS_DIR, 'c12-template-completo-sinistro.eml')]);
    expect(text.stdout).toMatch(
      /Finestra\s+2026-11-18T17:45:00\+01:00 → 2026-11-18T18:15:00\+01:00/,
    );
    const missing = cli([path.join(tmpdir(), 'vedetta-nessun-file.eml')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/impossibile leggere/);
    const junk = path.join(tmpdir(), `vedetta-junk-${process.pid}.eml`);
    writeFileSync(junk, 'non è un messaggio\n');
    const bad = cli([junk, '--json']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/malformed_mime/);
  });
});
