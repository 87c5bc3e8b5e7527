import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestMessage } from './parse-message.js';
import { ParsedRequestSchema } from './parsed-request.schema.js';

const eml = (lines: string[]) => Buffer.from(lines.join('\n'), 'utf8');

describe('parseRequestMessage', () => {
  it('parses a message into the published shape', async () => {
    const r = await parseRequestMessage(
      eml([
        'From: Ag. Marco Bellini <marco.bellini@comune.reggioemilia.it>',
        'Subject: sinistro',
        'Date: Mon, 16 Nov 2026 08:47:12 +0100',
        'Message-ID: <m1@test>',
        '',
        "Sinistro del 14/11/2026 tra le 18:10 e le 18:40 all'incrocio tra via Emilia San Pietro e viale Piave. Verbale n. 2231/2026.",
      ]),
    );
    expect(ParsedRequestSchema.parse(r)).toEqual(r);
    expect(r).toMatchObject({
      eventType: 'sinistro_stradale',
      channel: 'email',
      messageId: '<m1@test>',
      receivedAt: '2026-11-16T08:47:12+01:00',
      problems: [],
    });
    // every span points at the words it was read from
    const read = r.spans.map((s) => `${s.field}:${r.bodyText.slice(s.start, s.end)}`);
    expect(read).toContain('place:via Emilia San Pietro e viale Piave');
    expect(read).toContain('references:2231/2026');
  });

  it('uses --now when the message has no Date header, and says so', async () => {
    const r = await parseRequestMessage(
      eml(['From: a@b.it', 'Subject: x', '', 'ieri alle 17 in via Roma']),
      {
        now: new Date('2026-11-16T10:00:00+01:00'),
      },
    );
    expect(r.problems).toContain('missing_date');
    expect(r.window).toEqual({
      from: '2026-11-15T16:50:00+01:00',
      to: '2026-11-15T17:10:00+01:00',
    });
  });

  it('reports empty and malformed messages instead of throwing', async () => {
    const empty = await parseRequestMessage(
      eml(['From: a@b.it', 'Subject: x', 'Date: Mon, 16 Nov 2026 08:47:12 +0100', '', '']),
    );
    expect(empty.problems).toContain('empty_body');
    expect(empty.missing).toEqual(expect.arrayContaining(['window', 'place']));
    const junk = await parseRequestMessage(Buffer.from([0, 159, 146, 150, 10, 0]));
    expect(junk.problems).toContain('malformed_mime');
  });

  it('never throws and always returns the published shape, whatever the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          fc.string({ maxLength: 400 }).map((s) => `From: a@b.it\nSubject: x\n\n${s}`),
          fc
            .string({ maxLength: 300 })
            .map((s) => `Content-Type: multipart/mixed; boundary="b"\n\n--b\n${s}`),
        ),
        async (input) => {
          const r = await parseRequestMessage(Buffer.from(input));
          expect(() => ParsedRequestSchema.parse(r)).not.toThrow();
        },
      ),
      { numRuns: 150 },
    );
  });
});
