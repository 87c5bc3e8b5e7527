import { readMessage, type ReadMessage } from './mime.js';
import type { IntakeProblem, ParsedRequest } from './parsed-request.schema.js';
import { parseRequestText, type ParseOptions } from './request-parser.js';
import { formatRomeIso } from './rome-time.js';

export interface MessageParseOptions extends Partial<ParseOptions> {
  /** When the message reached the mailbox; defaults to its Date header. */
  receivedAt?: Date;
  /** Reference instant when the message has no usable Date header. */
  now?: Date;
}

const iso = (d: Date | null | undefined) => (d ? formatRomeIso(d.getTime()) : null);

function emptyResult(problems: IntakeProblem[], channel: 'email' | 'pec' = 'email'): ParsedRequest {
  return {
    eventType: null,
    window: null,
    place: null,
    references: [],
    requester: {
      name: null,
      email: null,
      rank: null,
      badge: null,
      unit: null,
      phone: null,
      type: 'citizen',
    },
    urgent: false,
    channel,
    subject: '',
    receivedAt: null,
    referenceDate: null,
    messageId: null,
    confidence: { eventType: 0, window: 0, place: 0, references: 0, requester: 0, urgent: 0 },
    missing: ['eventType', 'window', 'place', 'references', 'requester'],
    spans: [],
    bodyText: '',
    pec: null,
    problems,
  };
}

/**
 * Parses one raw message (as stored, .eml bytes) into a footage request. Never throws: what
 * stops the parse is reported in `problems`, so the intake can quarantine it with a reason.
 */
export async function parseRequestMessage(
  raw: Buffer,
  opts: MessageParseOptions = {},
): Promise<ParsedRequest> {
  let read: ReadMessage;
  try {
    read = await readMessage(raw);
  } catch {
    return emptyResult(['malformed_mime']);
  }
  const problems = [...read.problems];
  const { original, envelope } = read;
  try {
    const date = original.date ?? envelope.date ?? opts.now ?? null;
    if (!original.date && !envelope.date) problems.push('missing_date');
    if (!original.text.trim()) problems.push('empty_body');
    if (original.htmlOnly) problems.push('html_only');
    const fields = parseRequestText(
      { body: original.text, subject: original.subject, from: original.from, date },
      opts,
    );
    return {
      ...fields,
      channel: read.channel,
      subject: original.subject,
      receivedAt: iso(opts.receivedAt ?? envelope.date ?? opts.now),
      messageId: envelope.messageId,
      bodyText: original.text,
      pec: read.pec,
      problems: [...new Set(problems)],
    };
  } catch {
    return { ...emptyResult([...problems, 'parse_error'], read.channel), bodyText: original.text };
  }
}
