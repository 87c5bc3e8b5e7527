import { MONTH, monthNumber } from './italian.js';
import type { MailAddress } from './mime.js';
import { isValidDate, romeToInstant } from './rome-time.js';

// Forwards and replies: the body carries other messages, each with its own date. Relative
// words ("ieri", "stamattina") count from the date of the message they are written in, so the
// text is cut into segments that each know their reference date. Quote markers and the
// forwarded header lines are blanked in a working copy of the same length, so every offset
// found in the working copy is an offset in the body the UI shows.

export interface TextSegment {
  start: number;
  end: number;
  /** Instant relative words count from; null when unknown. */
  refDate: number | null;
  kind: 'top' | 'forward' | 'quote';
}

export interface PreparedText {
  /** The body as received. */
  text: string;
  /** Same length as text: quote markers and forwarded headers replaced by spaces. */
  work: string;
  segments: TextSegment[];
  /** Sender and subject of the innermost forwarded message, when there is one. */
  forwardedFrom: MailAddress | null;
  forwardedSubject: string | null;
  forwardedDate: number | null;
}

const FORWARD_MARKER =
  /^[ \t]*(?:-{2,}|_{2,})?[ \t]*(?:messaggio inoltrato|forwarded message|messaggio originale|original message|inizio messaggio inoltrato|inizio del messaggio inoltrato|begin forwarded message)[ \t]*:?[ \t]*(?:-{2,}|_{2,})?[ \t]*$/i;
const HEADER_KEY =
  /^[ \t]*(da|from|data|date|inviato|sent|a|to|cc|ccn|bcc|oggetto|subject|priorità|importanza|rispondi a|reply-to)[ \t]*:[ \t]*(.*)$/i;
const ATTRIBUTION =
  /^[ \t]*(?:il (?:giorno )?|on |in data )[^\n]*(?:\n[^\n>]*)?(?:ha scritto|wrote|scrive)[ \t]*:[ \t]*$/im;

/** A date from a forwarded header or an attribution line: RFC 2822 or Italian forms. */
export function parseHeaderDate(value: string): number | null {
  const v = value.trim();
  if (/[+-]\d{4}\b|\bGMT\b|\bUTC\b/.test(v)) {
    const t = Date.parse(v.replace(/\s*\([^)]*\)\s*$/, ''));
    if (!Number.isNaN(t)) return t;
  }
  const num = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})/.exec(v);
  const txt = new RegExp(`(\\d{1,2})\\s+(${MONTH})\\s*,?\\s*(\\d{4})`, 'iu').exec(v);
  const eng = /([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}),? (\d{4})/.exec(v);
  let y: number, m: number, d: number;
  if (num) [d, m, y] = [Number(num[1]), Number(num[2]), Number(num[3])];
  else if (txt) [d, m, y] = [Number(txt[1]), monthNumber(txt[2]!), Number(txt[3])];
  else if (eng) {
    const en = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
    [d, m, y] = [Number(eng[2]), en.indexOf(eng[1]!.toLowerCase()) + 1, Number(eng[3])];
  } else return null;
  if (y < 100) y += 2000;
  if (!isValidDate(y, m, d)) return null;
  const time = /(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?\s*(am|pm|AM|PM)?/.exec(
    v.slice((num ?? txt ?? eng)!.index + (num ?? txt ?? eng)![0].length),
  );
  let minutes = 0;
  if (time) {
    let h = Number(time[1]);
    if (/pm/i.test(time[3] ?? '') && h < 12) h += 12;
    if (/am/i.test(time[3] ?? '') && h === 12) h = 0;
    minutes = h * 60 + Number(time[2]);
  }
  return romeToInstant({ y, m, d }, minutes);
}

function parseAddress(value: string): MailAddress {
  const email = /<?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)>?/.exec(value);
  const name = value
    .replace(/\[?mailto:[^\]\s]*\]?/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(email?.[1] ?? '\u0000', '')
    .replace(/["'()[\]]/g, '')
    .trim();
  return { name: name || null, address: email?.[1]?.toLowerCase() ?? null };
}

const blank = (s: string) => s.replace(/[^\n]/g, ' ');

export function prepareText(text: string, messageDate: number | null): PreparedText {
  const lines = text.split('\n');
  const work: string[] = [];
  const cuts: Array<{ at: number; refDate: number | null; kind: 'forward' | 'quote' }> = [];
  let forwardedFrom: MailAddress | null = null;
  let forwardedSubject: string | null = null;
  let forwardedDate: number | null = null;
  let offset = 0;
  let quoting = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const nextHeader = lines.slice(i + 1, i + 3).some((l) => HEADER_KEY.test(l));
    const outlookBlock =
      /^[ \t]*(?:da|from)[ \t]*:/i.test(line) &&
      lines.slice(i + 1, i + 4).some((l) => /^[ \t]*(?:inviato|sent|data|date)[ \t]*:/i.test(l));
    if ((FORWARD_MARKER.test(line) && nextHeader) || outlookBlock) {
      // a forwarded header block: marker line (if any), then Key: value lines
      let j = FORWARD_MARKER.test(line) ? i + 1 : i;
      while (j > i && j < i + 3 && j < lines.length && !lines[j]!.trim()) j++; // Apple Mail
      const start = offset;
      let date: number | null = null;
      for (let k = i; k < j; k++) work.push(blank(lines[k]!));
      while (j < lines.length && HEADER_KEY.test(lines[j]!)) {
        const [, key, value] = HEADER_KEY.exec(lines[j]!)!;
        const k = key!.toLowerCase();
        if (k === 'da' || k === 'from') forwardedFrom = parseAddress(value!);
        if (['data', 'date', 'inviato', 'sent'].includes(k)) date = parseHeaderDate(value!);
        if (k === 'oggetto' || k === 'subject') forwardedSubject = value!.trim();
        work.push(blank(lines[j]!));
        j++;
      }
      forwardedDate = date ?? forwardedDate;
      cuts.push({ at: start, refDate: date, kind: 'forward' });
      for (let k = i; k < j; k++) offset += lines[k]!.length + 1;
      i = j - 1;
      quoting = false;
      continue;
    }
    const quoted = /^[ \t]*>/.exec(line);
    if (quoted) {
      if (!quoting) cuts.push({ at: offset, refDate: null, kind: 'quote' });
      quoting = true;
      work.push(line.replace(/^([ \t]*>)+[ \t]?/, (m) => ' '.repeat(m.length)));
    } else {
      quoting = false;
      work.push(line);
    }
    offset += line.length + 1;
  }

  let workText = work.join('\n');
  // Reply attributions ("Il giorno … ha scritto:") date the quote that follows them.
  for (const m of workText.matchAll(new RegExp(ATTRIBUTION.source, 'gim'))) {
    const end = m.index + m[0].length;
    const quote = cuts.find((c) => c.kind === 'quote' && c.at >= end && c.at <= end + 2);
    if (quote) quote.refDate = parseHeaderDate(m[0]);
    workText = workText.slice(0, m.index) + blank(m[0]) + workText.slice(m.index + m[0].length);
  }

  const segments: TextSegment[] = [
    { start: 0, end: text.length, refDate: messageDate, kind: 'top' },
  ];
  for (const cut of cuts) {
    const prev = segments[segments.length - 1]!;
    prev.end = cut.at;
    segments.push({
      start: cut.at,
      end: text.length,
      refDate: cut.refDate ?? (cut.kind === 'quote' ? prev.refDate : messageDate),
      kind: cut.kind,
    });
  }
  return { text, work: workText, segments, forwardedFrom, forwardedSubject, forwardedDate };
}

/** The segment holding an offset (segments are in text order: binary search). */
export function segmentAt(prepared: PreparedText, pos: number): TextSegment {
  const segs = prepared.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid]!.start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return segs[lo]!;
}
