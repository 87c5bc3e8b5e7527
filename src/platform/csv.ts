/** One CSV cell (RFC 4180), with spreadsheet formula injection neutralized. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A number is data, never a formula: -3 stays -3 (not '-3).
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  // Cells starting with these are formulas in spreadsheet programs: neutralize them, also
  // behind leading blanks (an import that trims spaces would make " =cmd…" a formula).
  if (/^[\s\u00a0]*[=+\-@]/.test(s) || /^[\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row with CRLF line end. */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`riga ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF). The delimiter is
 * guessed from the header line: Italian spreadsheets save with ';'. A leading BOM is dropped.
 * Returns rows as arrays of strings; blank lines are skipped.
 */
export function parseCsv(text: string): { rows: string[][]; lines: number[] } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0]?.trim() === '')) {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (fieldStarted && field.trim() !== '') {
        throw new CsvSyntaxError('virgolette nel mezzo di un campo', line);
      }
      field = '';
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError('virgolette non chiuse', rowLine);
  if (field !== '' || row.length > 0) endRow();
  return { rows, lines };
}
