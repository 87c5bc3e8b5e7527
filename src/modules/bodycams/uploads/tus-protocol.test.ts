import { describe, expect, it } from 'vitest';
import {
  declaration,
  declaredMtime,
  formatMetadata,
  parseChecksum,
  parseMetadata,
  parseNonNegative,
} from './tus-protocol.js';

describe('tus header grammar', () => {
  it('reads Upload-Offset / Upload-Length as non-negative integers only', () => {
    expect(parseNonNegative('0')).toBe(0);
    expect(parseNonNegative('1048576')).toBe(1048576);
    for (const bad of [undefined, '', '-1', '1.5', '1e3', 'abc', '99999999999999999'])
      expect(parseNonNegative(bad)).toBeNull();
  });

  it('round-trips Upload-Metadata and refuses malformed pairs', () => {
    const h = formatMetadata({ filename: 'VID_0001.MP4', serial: 'BC-0042', note: 'àè' });
    expect(Object.fromEntries(parseMetadata(h) ?? [])).toEqual({
      filename: 'VID_0001.MP4',
      serial: 'BC-0042',
      note: 'àè',
    });
    expect(Object.fromEntries(parseMetadata('is_confidential') ?? [])).toEqual({
      is_confidential: '',
    });
    expect(parseMetadata('a Zm9v,a YmFy')).toBeNull(); // duplicate key
    expect(parseMetadata('a Zm9v x')).toBeNull();
    expect(parseMetadata('a Zm9*')).toBeNull();
  });

  it('reads Upload-Checksum', () => {
    const c = parseChecksum('sha256 ' + Buffer.alloc(32, 1).toString('base64'));
    expect(c?.algorithm).toBe('sha256');
    expect(c?.digest.length).toBe(32);
    expect(parseChecksum('sha256')).toBeNull();
  });

  it('needs a bare file name and a folder-safe serial', () => {
    const meta = (m: Record<string, string>) => new Map(Object.entries(m));
    expect(declaration(meta({ filename: 'A.mp4', serial: 'BC-1' }))).toEqual({
      fileName: 'A.mp4',
      serial: 'BC-1',
    });
    expect(declaration(meta({ serial: 'BC-1' }))).toHaveProperty('problem');
    expect(declaration(meta({ filename: 'A.mp4' }))).toHaveProperty('problem');
    expect(declaration(meta({ filename: '../A.mp4', serial: 'BC-1' }))).toHaveProperty('problem');
    expect(declaration(meta({ filename: 'A.mp4', serial: '../x' }))).toHaveProperty('problem');
  });

  it('believes a declared file time only from 30 days before the upload to 5 minutes after', () => {
    const created = Date.UTC(2026, 11, 5, 10, 0, 0);
    const day = 24 * 3_600_000;
    const m = (v: string) => new Map([['lastModified', v]]);
    expect(declaredMtime(new Map(), created)).toEqual({ mtimeMs: created, refused: null });
    expect(declaredMtime(m(String(created - 2 * day)), created).mtimeMs).toBe(created - 2 * day);
    expect(declaredMtime(m(String(created - 30 * day)), created).mtimeMs).toBe(created - 30 * day);
    expect(declaredMtime(new Map([['mtime', String(created + 60_000)]]), created).mtimeMs).toBe(
      created + 60_000,
    );
    for (const bad of [
      String(created - 30 * day - 1), // years back: purged early, another officer
      String(created + 5 * 60_000 + 1),
      '99999999999999999999', // no Date can hold it
      '1e12',
      '-5',
      'ieri',
      '',
    ]) {
      expect(declaredMtime(m(bad), created), bad).toEqual({ mtimeMs: created, refused: bad });
    }
  });

  it('refuses control and invisible format characters in the file name, naming the code point', () => {
    const meta = (filename: string) => new Map(Object.entries({ filename, serial: 'BC-1' }));
    // U+202E makes "\u202Egpj.mp4" display as "4pm.jpg"; the isolates and zero-width ones hide too.
    const cases: Array<[string, string]> = [
      ['\u202Egpj.mp4', 'U+202E'],
      ['a\u202Ab.mp4', 'U+202A'],
      ['a\u202Db.mp4', 'U+202D'],
      ['a\u2066b.mp4', 'U+2066'],
      ['a\u2069b.mp4', 'U+2069'],
      ['a\u200Bb.mp4', 'U+200B'],
      ['a\uFEFFb.mp4', 'U+FEFF'],
      ['a\u0000b.mp4', 'U+0000'],
      ['a\nb.mp4', 'U+000A'],
      ['a\u007Fb.mp4', 'U+007F'],
      ['a\u0085b.mp4', 'U+0085'],
      ['a\u2028b.mp4', 'U+2028'],
    ];
    for (const [name, code] of cases) {
      const d = declaration(meta(name));
      expect(d, code).toHaveProperty('problem');
      const problem = (d as { problem: string }).problem;
      expect(problem).toContain(code);
      // The message itself carries no invisible character.
      expect(problem).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    }
    // Visible non-ASCII names are fine.
    expect(declaration(meta('Ripresa_città_ñ_日本.mp4'))).toEqual({
      fileName: 'Ripresa_città_ñ_日本.mp4',
      serial: 'BC-1',
    });
  });
});
