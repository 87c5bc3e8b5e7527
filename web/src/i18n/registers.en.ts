import type { registersIt } from './registers.it';

type Strings = { [K in keyof typeof registersIt]: string };

/** English strings of the printable registers. */
export const registersEn: Strings = {
  title: 'Printable registers',
  intro:
    'The register of extractions lists every acquisition of the period; the register of accesses every view and download of evidence and every playback of recordings. Each print is written to the audit log.',
  from: 'From day',
  to: 'To day (included)',
  extractions: 'Register of extractions',
  viewings: 'Register of accesses',
  pdf: 'PDF',
  csv: 'CSV',
  viewingsRestricted:
    'The register of accesses is reserved to those who read the audit log (commander, privacy officer).',
  badPeriod: 'Enter a valid period: the first day cannot follow the last.',
  downloading: 'Preparing the register…',
  pendingTitle: 'Acquisitions not registered yet',
  pendingIntro:
    'Exports running or queued, and failed ones with their reason: a failed acquisition keeps its hold on the footage and can be retried.',
};
