import type { AddressObject, ParsedMail } from 'mailparser';
import { parseDatiCert } from './daticert.js';
import { findPart } from './mime-walk.js';
import { htmlToText } from './html-text.js';
import type { IntakeProblem, PecData } from './parsed-request.schema.js';

export interface MailAddress {
  name: string | null;
  address: string | null;
}

export interface MimeAttachment {
  filename: string | null;
  contentType: string;
  size: number;
}

/** One message as the parser needs it: headers that matter and the text to read. */
export interface MimeMessage {
  subject: string;
  from: MailAddress | null;
  date: Date | null;
  messageId: string | null;
  /** The plain text part, or the HTML part turned into inert text when there is no plain text. */
  text: string;
  htmlOnly: boolean;
  attachments: MimeAttachment[];
  headers: Record<string, string>;
}

export interface ReadMessage {
  channel: 'email' | 'pec';
  /** The message as delivered (for a PEC, the provider's envelope). */
  envelope: MimeMessage;
  /** The message the requester wrote: the envelope itself, or the PEC's postacert.eml. */
  original: MimeMessage;
  pec: PecData | null;
  problems: IntakeProblem[];
}

const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;

/** Structural problems mailparser would quietly work around. */
function structuralProblems(raw: Buffer): IntakeProblem[] {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const firstLine = head.replace(/^(?:\r?\n)+/, '').split(/\r?\n/, 1)[0] ?? '';
  if (raw.length === 0 || !HEADER_LINE.test(firstLine) || head.includes('\0')) {
    return ['malformed_mime'];
  }
  const headerEnd = head.search(/\r?\n\r?\n/);
  const headers = (headerEnd < 0 ? head : head.slice(0, headerEnd)).replace(/\r?\n[ \t]+/g, ' ');
  const type = /^content-type:\s*multipart\/[^\r\n]*/im.exec(headers)?.[0];
  if (type) {
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(type);
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b || !raw.includes(`--${b}`)) return ['malformed_mime'];
  }
  return [];
}

/** Charsets named in the message that no decoder here knows: the text would be mojibake. */
function unknownCharsets(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const names = new Set<string>();
  for (const m of text.matchAll(/charset\s*=\s*"?([^"'\s;>]+)/gi)) names.add(m[1]!.toLowerCase());
  for (const m of text.matchAll(/=\?([^?*\s]+)(?:\*[^?]*)?\?[bq]\?/gi))
    names.add(m[1]!.toLowerCase());
  return [...names].filter((name) => {
    try {
      new TextDecoder(name);
      return false;
    } catch {
      return true;
    }
  });
}

function firstAddress(obj: AddressObject | AddressObject[] | undefined): MailAddress | null {
  const list = Array.isArray(obj) ? obj.flatMap((o) => o.value) : (obj?.value ?? []);
  const first = list[0];
  if (!first) return null;
  return { name: first.name?.trim() || null, address: first.address?.trim().toLowerCase() || null };
}

function headerMap(mail: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    out[key] ??= line.slice(line.indexOf(':') + 1).trim();
  }
  return out;
}

function toMessage(mail: ParsedMail): MimeMessage {
  const plain = (mail.text ?? '').replace(/\r\n/g, '\n').trim();
  const html = typeof mail.html === 'string' ? mail.html : '';
  const htmlOnly = !plain && html.trim().length > 0;
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
  return {
    subject: (mail.subject ?? '').trim(),
    from: firstAddress(mail.from),
    date,
    messageId: mail.messageId?.trim() ?? null,
    text: htmlOnly ? htmlToText(html) : plain,
    htmlOnly,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
    headers: headerMap(mail),
  };
}

const PARSE_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
} as const;

function isPecEnvelope(mail: ParsedMail): boolean {
  const h = mail.headers;
  if (h.has('x-trasporto') || h.has('x-ricevuta')) return true;
  const names = mail.attachments.map((a) => a.filename?.toLowerCase());
  return names.includes('daticert.xml') && names.includes('postacert.eml');
}

/**
 * mailparser and its character-set tables weigh about 6 MB of heap: they are loaded with the
 * first message, so that a server that receives no mail (a recorder) does not carry them.
 */
let mailparser: Promise<typeof import('mailparser')> | null = null;

async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const { simpleParser } = await (mailparser ??= import('mailparser'));
  return simpleParser(raw, PARSE_OPTIONS);
}

/**
 * Reads raw message bytes. Recognizes PEC envelopes and returns the original message inside
 * with the certification data. Throws only when mailparser itself fails.
 */
export async function readMessage(raw: Buffer): Promise<ReadMessage> {
  const problems: IntakeProblem[] = [...structuralProblems(raw)];
  if (unknownCharsets(raw).length) problems.push('unknown_charset');
  const mail = await parseMail(raw);
  const envelope = toMessage(mail);
  if (!isPecEnvelope(mail)) {
    return { channel: 'email', envelope, original: envelope, pec: null, problems };
  }

  const dati = mail.attachments.find(
    (a) => a.filename?.toLowerCase() === 'daticert.xml' || /xml/i.test(a.contentType),
  );
  const pec = dati ? parseDatiCert(dati.content.toString('utf8')) : null;
  const receipt = mail.headers.get('x-ricevuta');
  if (receipt) problems.push('pec_receipt');
  // postacert.eml is usually sent inline, and mailparser would fold it into the envelope text
  const inner = findPart(
    raw,
    (p) => p.filename?.toLowerCase() === 'postacert.eml' || p.contentType === 'message/rfc822',
  );
  if (!inner || !pec) {
    if (!receipt) problems.push('pec_incomplete');
    return { channel: 'pec', envelope, original: envelope, pec, problems };
  }
  const original = toMessage(await parseMail(inner));
  return { channel: 'pec', envelope, original, pec, problems };
}
