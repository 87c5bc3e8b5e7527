import { describe, expect, it } from 'vitest';
import { quarantineReason } from './intake.service.js';

const settings = { maxBytes: 1000, allowedDomains: ['comune.reggioemilia.it', 'carabinieri.it'] };

describe('quarantine decision', () => {
  it('quarantines oversized messages first', () => {
    expect(quarantineReason({ bytes: 1001, problems: [], sender: null, settings })).toBe(
      'oversized',
    );
  });

  it('quarantines problems that leave nothing to read, not the others', () => {
    const q = (problems: string[]) =>
      quarantineReason({ bytes: 10, problems, sender: 'a@comune.reggioemilia.it', settings });
    expect(q(['malformed_mime'])).toBe('malformed_mime');
    expect(q(['missing_date', 'empty_body'])).toBe('empty_body');
    expect(q(['parse_error'])).toBe('parse_error');
    expect(q(['html_only'])).toBeNull();
    expect(q(['missing_date'])).toBeNull();
  });

  it('quarantines HTML-only mail when the corps asks for it', () => {
    const q = (problems: string[], quarantineHtmlOnly: boolean) =>
      quarantineReason({
        bytes: 10,
        problems,
        sender: 'a@comune.reggioemilia.it',
        settings: { ...settings, quarantineHtmlOnly },
      });
    expect(q(['html_only'], true)).toBe('html_only');
    expect(q(['html_only'], false)).toBeNull();
    expect(q(['missing_date'], true)).toBeNull();
  });

  it('accepts senders of the allowed domains and their subdomains only', () => {
    const q = (sender: string | null) =>
      quarantineReason({ bytes: 10, problems: [], sender, settings });
    expect(q('mario.rossi@comune.reggioemilia.it')).toBeNull();
    expect(q('stazione@pec.carabinieri.it')).toBeNull();
    expect(q('someone@gmail.com')).toBe('sender_not_allowed');
    expect(q('x@fakecarabinieri.it')).toBe('sender_not_allowed');
    expect(q(null)).toBe('sender_not_allowed');
    expect(
      quarantineReason({
        bytes: 10,
        problems: [],
        sender: 'x@gmail.com',
        settings: { ...settings, allowedDomains: [] },
      }),
    ).toBeNull();
  });
});
