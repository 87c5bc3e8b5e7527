import type { RecordRef } from '../privacy/compliance.schemas.js';

/**
 * What the bodycam pages show of the compliance records (G1) and of joint services: the bodycam
 * DPIA in force at an instant, and the own command's name (a joint service's clip carries both
 * commands). Given by the composition root; absent in tests that do not need it.
 */
export interface ComplianceLink {
  ownCommand: string;
  /** Partner commands offered at check-out for a joint service (free text is accepted too). */
  partnerCommands: string[];
  bodycamDpiaAt(at: number): Promise<RecordRef | null>;
}

export const NO_COMPLIANCE_LINK: ComplianceLink = {
  ownCommand: 'Polizia Locale',
  partnerCommands: [],
  bodycamDpiaAt: () => Promise.resolve(null),
};
