import type { PdfDocument } from '../../platform/pdf/pdf-document.js';

// Drawing helpers of the monthly report: section titles, tables that continue across pages
// and charts drawn as vector graphics (bars and rectangles, no images).

export const COLORS = {
  navy: '#003366',
  blue: '#0066CC',
  lightBlue: '#D6E6F5',
  green: '#008758',
  red: '#C0262D',
  amber: '#A66300',
  grey: '#5C6F82',
  rule: '#C5CED8',
  zebra: '#F2F5F8',
  text: '#1A1A1A',
} as const;

export const SERIES = ['#0066CC', '#008758', '#A66300', '#6F42C1', '#C0262D', '#17A2B8', '#5C6F82'];

export function contentWidth(doc: PdfDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function pageBottom(doc: PdfDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page when fewer than `height` points are left. */
export function ensureSpace(doc: PdfDocument, height: number): void {
  if (doc.y + height > pageBottom(doc)) doc.addPage();
}

export function sectionTitle(doc: PdfDocument, text: string): void {
  ensureSpace(doc, 60);
  const x = doc.page.margins.left;
  doc.moveDown(0.6);
  const y = doc.y;
  doc.rect(x, y, 4, 16).fill(COLORS.blue);
  doc
    .font('bold')
    .fontSize(13)
    .fillColor(COLORS.navy)
    .text(text, x + 12, y + 1, { width: contentWidth(doc) - 12 });
  doc.x = x;
  doc.moveDown(0.5).font('regular').fontSize(9).fillColor(COLORS.text);
}

export function subTitle(doc: PdfDocument, text: string): void {
  ensureSpace(doc, 40);
  doc.x = doc.page.margins.left;
  doc.moveDown(0.4).font('bold').fontSize(10).fillColor(COLORS.navy).text(text);
  doc.moveDown(0.2).font('regular').fontSize(9).fillColor(COLORS.text);
}

export function paragraph(doc: PdfDocument, text: string, size = 9): void {
  doc.x = doc.page.margins.left;
  doc
    .font('regular')
    .fontSize(size)
    .fillColor(COLORS.text)
    .text(text, { width: contentWidth(doc), align: 'justify' });
}

export interface Column {
  header: string;
  /** Share of the content width (the shares of a table add up to 1). */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
}

const ROW_H = 13;

interface RowCell {
  x: number;
  width: number;
  text: string;
  font: 'regular' | 'bold';
  color: string;
  align: 'left' | 'right' | 'center';
}

interface FontInternals {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], unknown[]];
  widthOfString(text: string, size: number): number;
}

const rgb = new Map<string, string>();
function rgbOp(hex: string): string {
  let op = rgb.get(hex);
  if (op === undefined) {
    const n = Number.parseInt(hex.slice(1), 16);
    const c = (v: number) => (v / 255).toFixed(3);
    op = `${c((n >> 16) & 255)} ${c((n >> 8) & 255)} ${c(n & 255)} rg`;
    rgb.set(hex, op);
  }
  return op;
}

/**
 * Writes one table row as a single block of PDF text operators. pdfkit turns every operator
 * of every text call into its own buffer and keeps them all until the end (the pages stay
 * buffered for "pagina N di M"); a month's list has tens of thousands of cells, so per-cell
 * calls spent most of their time in the garbage collector. Same fonts, glyphs and positions
 * as doc.text() with its default top baseline; relies on pdfkit's embedded-font `encode`.
 */
function writeRow(doc: PdfDocument, cells: RowCell[], top: number, size: number): void {
  const ops: string[] = ['q', `1 0 0 -1 0 ${doc.page.height} cm`, 'BT'];
  const page = doc.page as unknown as { fonts: Record<string, unknown>; height: number };
  for (const c of cells) {
    if (c.text === '') continue;
    doc.font(c.font).fontSize(size);
    const f = (doc as unknown as { _font: FontInternals })._font;
    const text = fit(doc, c.text, c.width, c.font, size);
    page.fonts[f.id] ??= f.ref();
    const w = c.align === 'left' ? 0 : f.widthOfString(text, size);
    const x =
      c.align === 'right'
        ? c.x + c.width - w
        : c.align === 'center'
          ? c.x + (c.width - w) / 2
          : c.x;
    const y = page.height - top - (f.ascender / 1000) * size;
    const [glyphs] = f.encode(text);
    ops.push(
      rgbOp(c.color),
      `/${f.id} ${size} Tf`,
      `1 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)} Tm`,
      `<${glyphs.join('')}> Tj`,
    );
  }
  ops.push('ET', 'Q');
  doc.addContent(ops.join('\n'));
}

const fitted = new Map<string, string>();

/**
 * The text cut with an ellipsis so that it fits `width` on one line in the current font
 * (pdfkit wraps text wider than its box even without line breaking). Results are cached:
 * a long list repeats the same labels thousands of times.
 */
export function fit(
  doc: PdfDocument,
  text: string,
  width: number,
  font: string,
  size = 7.5,
): string {
  const key = `${font}|${size}|${Math.round(width)}|${text}`;
  const hit = fitted.get(key);
  if (hit !== undefined) return hit;
  let out = text;
  if (doc.widthOfString(out) > width) {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
      else hi = mid - 1;
    }
    out = `${text.slice(0, lo).trimEnd()}…`;
  }
  if (fitted.size > 50_000) fitted.clear();
  fitted.set(key, out);
  return out;
}

function drawHeader(doc: PdfDocument, cols: Column[], widths: number[], y: number): number {
  const x0 = doc.page.margins.left;
  const w = contentWidth(doc);
  doc.rect(x0, y, w, ROW_H + 2).fill(COLORS.navy);
  doc.font('bold').fontSize(7.5).fillColor('#FFFFFF');
  let x = x0;
  cols.forEach((c, i) => {
    const cw = widths[i] ?? 0;
    doc.text(fit(doc, c.header, cw - 6, 'bold'), x + 3, y + 4, {
      width: cw - 6,
      align: c.align ?? 'left',
      lineBreak: false,
    });
    x += cw;
  });
  return y + ROW_H + 2;
}

/**
 * A table of one-line rows; the header is drawn again at the top of each new page. Rows are
 * written with explicit positions and no line breaking, so thousands of rows stay fast.
 */
export function table(doc: PdfDocument, cols: Column[], rows: Array<Array<string | Cell>>): void {
  const x0 = doc.page.margins.left;
  const w = contentWidth(doc);
  const widths = cols.map((c) => c.width * w);
  ensureSpace(doc, ROW_H * 3);
  let y = drawHeader(doc, cols, widths, doc.y);
  const bottom = pageBottom(doc);
  rows.forEach((row, r) => {
    if (y + ROW_H > bottom) {
      doc.addPage();
      y = drawHeader(doc, cols, widths, doc.page.margins.top);
    }
    if (r % 2 === 1) doc.rect(x0, y, w, ROW_H).fill(COLORS.zebra);
    let x = x0;
    const cells: RowCell[] = [];
    row.forEach((cell, i) => {
      const cw = widths[i] ?? 0;
      const v: Cell = typeof cell === 'string' ? { text: cell } : cell;
      cells.push({
        x: x + 3,
        width: cw - 6,
        text: v.text,
        font: v.bold ? 'bold' : 'regular',
        color: v.color ?? COLORS.text,
        align: cols[i]?.align ?? 'left',
      });
      x += cw;
    });
    writeRow(doc, cells, y + 3.5, 7.5);
    y += ROW_H;
  });
  doc
    .moveTo(x0, y)
    .lineTo(x0 + w, y)
    .lineWidth(0.5)
    .strokeColor(COLORS.rule)
    .stroke();
  doc.x = x0;
  doc.y = y + 6;
  doc.fillColor(COLORS.text).font('regular').fontSize(9);
}

/** Label/value pairs in two columns of a ruled table (the indicators). */
export function keyValueTable(
  doc: PdfDocument,
  rows: Array<{ label: string; value: string; color?: string; section?: boolean }>,
): void {
  table(
    doc,
    [
      { header: 'Indicatore', width: 0.72 },
      { header: 'Valore', width: 0.28, align: 'right' },
    ],
    rows.map((r) => [
      r.section ? { text: r.label, bold: true, color: COLORS.navy } : r.label,
      { text: r.value, bold: true, ...(r.color && { color: r.color }) },
    ]),
  );
}

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars with their labels on the left and values at the bar's end. */
export function horizontalBars(
  doc: PdfDocument,
  title: string,
  bars: Bar[],
  opts: { x: number; y: number; width: number; color?: string; format?: (n: number) => string },
): number {
  const { x, width } = opts;
  let y = opts.y;
  const fmt = opts.format ?? ((n: number) => String(n));
  doc
    .font('bold')
    .fontSize(9)
    .fillColor(COLORS.navy)
    .text(title, x, y, { width, lineBreak: false });
  y += 16;
  const labelW = Math.min(120, width * 0.42);
  const barW = width - labelW - 40;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const barH = 10;
  for (const b of bars) {
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor(COLORS.text)
      .text(fit(doc, b.label, labelW - 6, 'regular'), x, y + 1.5, {
        width: labelW - 6,
        align: 'right',
        lineBreak: false,
      });
    doc.rect(x + labelW, y, barW, barH).fill(COLORS.zebra);
    const len = (b.value / max) * barW;
    if (len > 0) doc.rect(x + labelW, y, Math.max(len, 1), barH).fill(opts.color ?? COLORS.blue);
    doc
      .font('bold')
      .fontSize(7.5)
      .fillColor(COLORS.text)
      .text(fmt(b.value), x + labelW + len + 4, y + 1.5, { width: 40, lineBreak: false });
    y += barH + 5;
  }
  return y - opts.y;
}

/** Vertical bars (a histogram) with values on top and labels underneath. */
export function verticalBars(
  doc: PdfDocument,
  title: string,
  bars: Bar[],
  opts: { x: number; y: number; width: number; height: number; color?: string },
): number {
  const { x, width, height } = opts;
  const top = opts.y;
  doc
    .font('bold')
    .fontSize(9)
    .fillColor(COLORS.navy)
    .text(title, x, top, { width, lineBreak: false });
  const plotTop = top + 28;
  const plotH = height - 28 - 24;
  const base = plotTop + plotH;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = width / Math.max(1, bars.length);
  const barW = Math.min(48, slot * 0.6);
  doc
    .moveTo(x, base)
    .lineTo(x + width, base)
    .lineWidth(0.7)
    .strokeColor(COLORS.grey)
    .stroke();
  bars.forEach((b, i) => {
    const cx = x + slot * i + slot / 2;
    const h = (b.value / max) * (plotH - 12);
    if (h > 0) doc.rect(cx - barW / 2, base - h, barW, h).fill(opts.color ?? COLORS.blue);
    doc
      .font('bold')
      .fontSize(7.5)
      .fillColor(COLORS.text)
      .text(String(b.value), cx - slot / 2, base - h - 11, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
    doc
      .font('regular')
      .fontSize(7)
      .fillColor(COLORS.text)
      .text(fit(doc, b.label, slot, 'regular', 7), cx - slot / 2, base + 5, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
  });
  return height;
}

/** One bar split by share (the outcomes), with a legend of counts and percentages. */
export function splitBar(
  doc: PdfDocument,
  title: string,
  parts: Array<Bar & { color: string }>,
  opts: { x: number; y: number; width: number; percent: (share: number) => string },
): number {
  const { x, width } = opts;
  let y = opts.y;
  doc
    .font('bold')
    .fontSize(9)
    .fillColor(COLORS.navy)
    .text(title, x, y, { width, lineBreak: false });
  y += 16;
  const total = parts.reduce((s, p) => s + p.value, 0);
  const h = 18;
  if (total === 0) {
    doc.rect(x, y, width, h).fill(COLORS.zebra);
  } else {
    let cx = x;
    for (const p of parts) {
      const w = (p.value / total) * width;
      if (w > 0) doc.rect(cx, y, w, h).fill(p.color);
      cx += w;
    }
  }
  y += h + 8;
  const colW = width / 3;
  parts.forEach((p, i) => {
    const lx = x + colW * (i % 3);
    const ly = y + Math.floor(i / 3) * 13;
    doc.rect(lx, ly + 1, 8, 8).fill(p.color);
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor(COLORS.text)
      .text(
        fit(
          doc,
          `${p.label}: ${p.value}${total > 0 ? ` (${opts.percent(p.value / total)})` : ''}`,
          colW - 14,
          'regular',
        ),
        lx + 12,
        ly + 1,
        { width: colW - 14, lineBreak: false },
      );
  });
  y += Math.ceil(parts.length / 3) * 13;
  return y - opts.y;
}

interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface EmbeddedFontInternals {
  font?: { glyphsForString?: (text: string) => Glyph[] };
  scale?: number;
  layoutRun?: unknown;
}

/**
 * Lays text out straight from the font's character map, without OpenType shaping. fontkit's
 * shaping of DejaVu costs about a tenth of a millisecond per string, and a month's list has
 * tens of thousands of cells; report text (Latin script, no ligatures wanted in numbers and
 * codes) needs only each character's glyph and advance. Relies on pdfkit's embedded-font
 * `layoutRun`; when a pdfkit version lacks it, its own layout stays in place.
 */
export function useDirectGlyphLayout(doc: PdfDocument, fonts: readonly string[]): void {
  for (const name of fonts) {
    doc.font(name);
    const f = (doc as unknown as { _font?: EmbeddedFontInternals })._font;
    const glyphsFor = f?.font?.glyphsForString?.bind(f.font);
    const scale = f?.scale;
    if (!f || !glyphsFor || typeof scale !== 'number' || typeof f.layoutRun !== 'function')
      continue;
    f.layoutRun = (text: string) => {
      const glyphs = glyphsFor(text);
      let advanceWidth = 0;
      const positions = glyphs.map((g) => {
        const a = g.advanceWidth * scale;
        advanceWidth += a;
        return { xAdvance: a, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: a };
      });
      return { glyphs, positions, advanceWidth };
    };
  }
  doc.font('regular');
}
