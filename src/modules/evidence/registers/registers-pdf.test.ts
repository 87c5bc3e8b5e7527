import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../platform/csv.js';
import { registerCsv } from './registers-csv.js';
import { renderRegisterPdf } from './registers-pdf.js';
import type { ExtractionEntry } from './registers.schemas.js';

const exec = promisify(execFile);
const T0 = Date.UTC(2026, 10, 1, 7);

function entry(i: number): ExtractionEntry {
  const status = i % 7 === 3 ? 'failed' : 'done';
  return {
    number: `AQ-2026-${String(i + 1).padStart(6, '0')}`,
    createdAt: T0 + i * 3_600_000,
    cameraCode: `CAM-${(i % 5) + 1}`,
    cameraName: 'Via Emilia Santo Stefano angolo Via Roma',
    from: T0 + i * 3_600_000 - 7_200_000,
    to: T0 + i * 3_600_000 - 6_600_000,
    actualFrom: status === 'done' ? T0 + i * 3_600_000 - 7_201_000 : null,
    actualTo: status === 'done' ? T0 + i * 3_600_000 - 6_600_000 : null,
    operatorName: 'Giulia Bianchi',
    operatorUsername: 'g.bianchi',
    reason: `Sinistro stradale n. ${i}: tamponamento tra autovettura e motociclo, richiesta della Procura; "urgente"; =SUM(A1)`,
    requestNumber: i % 2 === 0 ? `VS-2026-${String(i).padStart(6, '0')}` : null,
    caseRef: i % 3 === 0 ? `RGNR ${i}/2026` : null,
    status,
    error: status === 'failed' ? 'Spazio su disco esaurito durante l’esportazione' : null,
    attempts: status === 'failed' ? 3 : 1,
    clips: status === 'done' ? 1 : 0,
    originals: status === 'done' ? 60 : 0,
    documents: status === 'done' ? 6 : 0,
    totalBytes: status === 'done' ? 123_456_789 : 0,
    manifestSha256: status === 'done' ? 'ab'.repeat(32) : null,
    retainUntil: i % 4 === 0 ? T0 + 400 * 86_400_000 : null,
    legalHold: i % 4 === 0,
    legalHoldReason: i % 4 === 0 ? 'Procedimento penale in corso' : null,
  };
}

describe('register PDF and CSV rendering', () => {
  let dir: string;
  const rows = Array.from({ length: 90 }, (_, i) => entry(i));
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vedetta-register-pdf-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'flows over pages with the header on every page, page numbers, every row and the totals',
    { timeout: 60_000 },
    async () => {
      const pdf = await renderRegisterPdf('extractions', rows, {
        from: T0 - 86_400_000,
        to: T0 + 120 * 3_600_000,
        generatedAt: T0 + 200 * 3_600_000,
        generatedBy: 'Mario Rossi (m.rossi)',
      });
      const file = path.join(dir, 'registro.pdf');
      await writeFile(file, pdf);
      const info = (await exec('pdfinfo', [file])).stdout;
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages).toBeGreaterThan(3);
      expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/); // landscape A4
      const seen = new Set<string>();
      for (let p = 1; p <= pages; p++) {
        const text = (
          await exec('pdftotext', ['-raw', '-f', String(p), '-l', String(p), file, '-'])
        ).stdout.replace(/\s+/g, ' ');
        expect(text).toContain('N. e data Telecamera Periodo (ora di Roma) Operatore Motivo');
        expect(text).toContain(`pagina ${p} di ${pages}`);
        for (const m of text.matchAll(/AQ-2026-\d{6}/g)) seen.add(m[0]);
        if (p === pages) {
          expect(text).toContain(
            'Acquisizioni nel periodo: 90; registrate come reperto: 77; non riuscite: 13',
          );
        }
      }
      expect(seen.size).toBe(90);
    },
  );

  it('prints an empty period as one full-width line, not a row of dashes', async () => {
    const pdf = await renderRegisterPdf('extractions', [], {
      from: T0,
      to: T0 + 86_400_000,
      generatedAt: T0 + 2 * 86_400_000,
      generatedBy: 'Mario Rossi (m.rossi)',
    });
    const file = path.join(dir, 'vuoto.pdf');
    await writeFile(file, pdf);
    const lines = (await exec('pdftotext', ['-layout', file, '-'])).stdout.split('\n');
    // The sentence stays on one line (before, it wrapped inside the 2 cm first column).
    expect(lines.some((l) => l.includes('Nessuna acquisizione nel periodo.'))).toBe(true);
    const header = lines.findIndex((l) => l.includes('Telecamera'));
    const empty = lines.findIndex((l) => l.includes('Nessuna acquisizione'));
    expect(lines.slice(header + 1, empty + 1).join(' ')).not.toContain('—');
  });

  it('writes CSV with a BOM and semicolons, quoting and neutralizing formulas', () => {
    const csv = registerCsv('extractions', rows.slice(0, 3));
    expect(csv.startsWith('\uFEFFnumero;data_ora;')).toBe(true);
    const parsed = parseCsv(csv).rows;
    expect(parsed).toHaveLength(4);
    const reason = parsed[1]?.[parsed[0]!.indexOf('motivo')];
    expect(reason).toBe(rows[0]?.reason);
    expect(parsed[1]?.[parsed[0]!.indexOf('conservazione')]).toMatch(
      /^blocco legale: Procedimento penale in corso; conservare fino al \d\d\/\d\d\/\d{4}$/,
    );
    // A cell that a spreadsheet would run as a formula is prefixed.
    expect(registerCsv('extractions', [{ ...rows[1]!, reason: '=1+1' }])).toContain(";'=1+1;");
  });
});
