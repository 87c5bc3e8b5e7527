import type { FontName, PdfDocument } from './pdf-document.js';

export interface PdfColumn {
  header: string;
  /** Relative width: the columns share the page's width in these proportions. */
  weight: number;
  font?: FontName;
  fontSize?: number;
  align?: 'left' | 'right' | 'center';
}

const PAD = 3;
const HEADER_FILL = '#dfe7f0';
const RULE = '#9aa7b4';

/**
 * Draws a table that flows over as many pages as it needs, repeating the header at the top of
 * every page; a row is never split across pages (cells wrap inside their column instead).
 * `cells` of each row follow `columns`. Leaves the cursor below the table.
 */
export function drawTable(
  doc: PdfDocument,
  columns: readonly PdfColumn[],
  rows: ReadonlyArray<readonly string[]>,
  opts: {
    fontSize?: number;
    onNewPage?: () => void;
    /** Printed as one full-width line under the header when there are no rows. */
    emptyText?: string;
  } = {},
): void {
  const fontSize = opts.fontSize ?? 7.5;
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const total = columns.reduce((n, c) => n + c.weight, 0);
  const widths = columns.map((c) => (usable * c.weight) / total);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((n, w) => n + w, 0));
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const heightOf = (texts: readonly string[], header: boolean) =>
    Math.max(
      ...texts.map((text, i) => {
        const col = columns[i] as PdfColumn;
        doc
          .font(header ? 'bold' : (col.font ?? 'regular'))
          .fontSize(header ? fontSize : (col.fontSize ?? fontSize));
        return doc.heightOfString(text || '—', { width: (widths[i] ?? 0) - 2 * PAD });
      }),
    ) +
    2 * PAD;

  const drawRow = (texts: readonly string[], header: boolean, shade: boolean, h: number) => {
    const top = doc.y;
    if (header || shade) {
      doc
        .save()
        .rect(left, top, usable, h)
        .fill(header ? HEADER_FILL : '#f5f7f9')
        .restore();
    }
    texts.forEach((text, i) => {
      const col = columns[i] as PdfColumn;
      doc
        .fillColor('black')
        .font(header ? 'bold' : (col.font ?? 'regular'))
        .fontSize(header ? fontSize : (col.fontSize ?? fontSize))
        .text(text || '—', (xs[i] ?? left) + PAD, top + PAD, {
          width: (widths[i] ?? 0) - 2 * PAD,
          align: header ? 'left' : (col.align ?? 'left'),
          lineBreak: true,
        });
    });
    doc
      .save()
      .strokeColor(RULE)
      .lineWidth(0.4)
      .moveTo(left, top + h)
      .lineTo(left + usable, top + h)
      .stroke()
      .restore();
    doc.x = left;
    doc.y = top + h;
  };

  const headers = columns.map((c) => c.header);
  const headerHeight = heightOf(headers, true);
  const header = () => drawRow(headers, true, false, headerHeight);
  if (doc.y + headerHeight + 20 > bottom()) {
    doc.addPage();
    opts.onNewPage?.();
  }
  header();
  rows.forEach((row, n) => {
    const h = heightOf(row, false);
    if (doc.y + h > bottom()) {
      doc.addPage();
      opts.onNewPage?.();
      header();
    }
    drawRow(row, false, n % 2 === 1, h);
  });
  if (rows.length === 0 && opts.emptyText) {
    doc.font('regular').fontSize(fontSize + 1);
    const h = doc.heightOfString(opts.emptyText, { width: usable - 2 * PAD }) + 4 * PAD;
    const top = doc.y;
    doc.fillColor('black').text(opts.emptyText, left + PAD, top + 2 * PAD, {
      width: usable - 2 * PAD,
      lineBreak: true,
    });
    doc
      .save()
      .strokeColor(RULE)
      .lineWidth(0.4)
      .moveTo(left, top + h)
      .lineTo(left + usable, top + h)
      .stroke()
      .restore();
    doc.y = top + h;
  }
  doc.x = left;
}
