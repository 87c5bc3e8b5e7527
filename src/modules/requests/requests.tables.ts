declare module '../../platform/db/database.js' {
  interface Tables {
    request_counters: RequestCountersTable;
    requests: RequestsTable;
    request_comments: RequestCommentsTable;
    request_history: RequestHistoryTable;
    intake_messages: IntakeMessagesTable;
    mailbox_state: MailboxStateTable;
    notice_templates: NoticeTemplatesTable;
    request_duplicate_dismissals: DuplicateDismissalsTable;
    streets: StreetsTable;
  }
}

export interface RequestCountersTable {
  year: number;
  last: number;
}

export interface RequestsTable {
  id: string;
  /** VS-2026-000123 */
  number: string;
  channel: string;
  state: string;
  negative_reason: string | null;
  /** Why it was refused, cancelled or merged, as the operator wrote it. */
  state_reason: string | null;
  merged_into: string | null;
  subject: string;
  description: string;
  event_type: string | null;
  window_from: number | null;
  window_to: number | null;
  place_text: string | null;
  place_street: string | null;
  place_number: string | null;
  place_cross: string | null;
  place_landmark: string | null;
  place_lat: number | null;
  place_lon: number | null;
  /** JSON: [{ kind, number }] */
  refs: string;
  requester_name: string | null;
  requester_email: string | null;
  requester_rank: string | null;
  requester_badge: string | null;
  requester_unit: string | null;
  requester_phone: string | null;
  requester_type: string;
  urgent: number;
  da_smistare: number;
  /** JSON: why the request needs a person (no place, no time, no camera matched…). */
  triage_notes: string;
  /** When the footage would have been deleted: earliest window start + the cameras' retention. */
  due_at: number | null;
  assigned_to: string | null;
  assigned_name: string | null;
  intake_id: string | null;
  /** The Message-ID of the mail it came from: replies refer to it. */
  source_message_id: string | null;
  /** JSON: the parser's confidence, missing fields and spans, for the UI. */
  parse_info: string | null;
  /** When the intake finished preserving (hold placed or triage noted); null: still to do. */
  preserved_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  /** The evidence item whose acquisition fulfilled the request. */
  evidence_id: string | null;
  /** Its number in the corps' previous register (CSV import): imported once. */
  legacy_number: string | null;
}

export interface RequestCommentsTable {
  id: string;
  request_id: string;
  author_id: string | null;
  author_name: string;
  text: string;
  created_at: number;
}

export interface RequestHistoryTable {
  id: string;
  request_id: string;
  at: number;
  actor: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  details: string | null;
}

export type IntakeStatus = 'processing' | 'accepted' | 'quarantined' | 'duplicate' | 'discarded';

export interface IntakeMessagesTable {
  id: string;
  sha256: string;
  message_id: string | null;
  storage_key: string;
  bytes: number;
  source: string;
  sender: string | null;
  subject: string | null;
  status: IntakeStatus;
  reason: string | null;
  /** JSON: the parser's problems. */
  problems: string;
  duplicate_of: string | null;
  request_id: string | null;
  attempts: number;
  received_at: number;
  processed_at: number | null;
  /** Why a person discarded it from the quarantine (kept, never deleted). */
  discard_reason: string | null;
  discarded_by: string | null;
}

export interface MailboxStateTable {
  mailbox: string;
  uid_validity: string;
  last_uid: number;
  updated_at: number;
}

export interface NoticeTemplatesTable {
  key: string;
  subject: string;
  body: string;
  updated_by: string;
  updated_at: number;
}

export interface DuplicateDismissalsTable {
  /** The pair, sorted: request_a < request_b. */
  request_a: string;
  request_b: string;
  reason: string;
  dismissed_by: string;
  dismissed_at: number;
}

export interface StreetsTable {
  /** streetKey(name): no street type, no accents. */
  key: string;
  name: string;
  code: string | null;
  lat: number | null;
  lon: number | null;
  imported_at: number;
}
