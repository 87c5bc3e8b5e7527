import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, parseCsv } from './csv.js';

describe('csvCell: formula injection', () => {
  it('neutralizes cells a spreadsheet would run as a formula', () => {
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    // Behind blanks too: an import that trims would otherwise evaluate them.
    expect(csvCell('  =HYPERLINK("http://x")')).toBe('"\'  =HYPERLINK(""http://x"")"');
    expect(csvCell('\u00a0@x')).toBe("'\u00a0@x");
    // Quoting happens after the prefix, so a quoted cell cannot start with '=' either.
    expect(csvCell('=1;2')).toBe('"\'=1;2"');
  });

  it('leaves numbers and ordinary text as they are', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(2.5)).toBe('2.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell('Via Emilia 12')).toBe('Via Emilia 12');
    expect(csvCell('a-b=c')).toBe('a-b=c');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('round-trips through the parser with the prefix kept as text', () => {
    const text = csvRow(['=1+1', 'ok', -1]);
    expect(parseCsv(text).rows).toEqual([["'=1+1", 'ok', '-1']]);
  });
});
