declare module '../../../platform/db/database.js' {
  interface Tables {
    evidence_shares: EvidenceSharesTable;
    evidence_share_downloads: EvidenceShareDownloadsTable;
  }
}

export interface EvidenceSharesTable {
  id: string;
  evidence_id: string;
  /** SHA-256 (hex) of the link's secret; the secret itself is never stored. */
  token_hash: string;
  recipient_type: string;
  recipient_name: string;
  recipient_org: string;
  recipient_role: string | null;
  recipient_email: string | null;
  reason: string;
  case_ref: string | null;
  expires_at: number;
  max_downloads: number;
  downloads: number;
  /** argon2id hash of the optional password. */
  password_hash: string | null;
  failed_attempts: number;
  locked_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_by_id: string | null;
  created_by_username: string;
  created_by_name: string;
  created_at: number;
  /** The verbale di consegna (PDF), stored beside the share, outside the immutable package. */
  verbale_key: string;
  verbale_sha256: string;
  verbale_bytes: number;
  mail_outbox_id: string | null;
}

export interface EvidenceShareDownloadsTable {
  id: string;
  share_id: string;
  at: number;
  ip: string | null;
  user_agent: string | null;
  /** `zip` (the whole package) or `file` (one file, `path`). */
  format: string;
  path: string | null;
}
