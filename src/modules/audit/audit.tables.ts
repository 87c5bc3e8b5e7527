declare module '../../platform/db/database.js' {
  interface Tables {
    audit_log: AuditLogTable;
  }
}

export interface AuditLogTable {
  seq: number;
  at: number;
  actor_id: string | null;
  actor_username: string | null;
  ip: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  reason: string | null;
  case_ref: string | null;
  recipient: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}
