import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
let pdfkit: typeof PDFDocument | null = null;

/**
 * pdfkit and its font tables weigh about 5 MB of heap: they are loaded (synchronously, as
 * CommonJS) with the first document, so that a server that prints nothing (a recorder) does not
 * carry them, nor mark them at every full garbage collection.
 */
function pdfKit(): typeof PDFDocument {
  return (pdfkit ??= require('pdfkit') as typeof PDFDocument);
}

/** Where Debian's fonts-dejavu-core puts DejaVu (installed by vedetta.sh). */
export const DEJAVU_DIR = process.env.VEDETTA_FONT_DIR ?? '/usr/share/fonts/truetype/dejavu';

export const FONTS = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
} as const;
export type FontName = keyof typeof FONTS;

const fontCache = new Map<string, Buffer>();

/** The font file's bytes, read once per process (every verbale and register embeds them). */
function fontBytes(file: string): Buffer {
  let bytes = fontCache.get(file);
  if (!bytes) {
    bytes = readFileSync(path.join(DEJAVU_DIR, file));
    fontCache.set(file, bytes);
  }
  return bytes;
}

/**
 * An A4 PDF document with DejaVu embedded (accents, €, typographic quotes), so that reports
 * print the same everywhere. Fails clearly when the fonts are missing, instead of falling
 * back to a standard font that cannot write Italian.
 */
export function createPdfDocument(meta: {
  title: string;
  author: string;
  subject?: string;
  layout?: 'portrait' | 'landscape';
  /** Page margin in points on every side (56 = 2 cm). */
  margin?: number;
}) {
  for (const file of Object.values(FONTS)) {
    if (!existsSync(path.join(DEJAVU_DIR, file))) {
      throw new Error(
        `font ${file} mancante in ${DEJAVU_DIR}: installare fonts-dejavu-core (./vedetta.sh start lo fa)`,
      );
    }
  }
  const PdfKit = pdfKit();
  const doc = new PdfKit({
    size: 'A4',
    layout: meta.layout ?? 'portrait',
    margins: {
      top: meta.margin ?? 56,
      bottom: meta.margin ?? 56,
      left: meta.margin ?? 56,
      right: meta.margin ?? 56,
    },
    info: { Title: meta.title, Author: meta.author, Subject: meta.subject ?? meta.title },
    bufferPages: true,
    autoFirstPage: true,
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, fontBytes(file));
  // Hashes and fingerprints (hex) in the standard Courier: nothing to embed or shape, and no
  // per-document glyph cache growing with every distinct hash (thousands in a long export's
  // verbale: over 100 MB with an embedded font).
  doc.registerFont('mono', 'Courier');
  doc.font('regular');
  return doc;
}

export type PdfDocument = ReturnType<typeof createPdfDocument>;

/** Writes "Pagina N di M" at the foot of every page (needs bufferPages). */
export function numberPages(doc: PdfDocument, label: (n: number, of: number) => string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555555')
      .text(label(i + 1, range.count), doc.page.margins.left, doc.page.height - 36, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'center',
      });
    doc.page.margins.bottom = bottom;
  }
}
