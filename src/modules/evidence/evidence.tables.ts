declare module '../../platform/db/database.js' {
  interface Tables {
    evidence_counters: EvidenceCountersTable;
    evidence_acquisitions: AcquisitionsTable;
    evidence_items: EvidenceItemsTable;
    evidence_files: EvidenceFilesTable;
    evidence_custody: EvidenceCustodyTable;
  }
}

export interface EvidenceCountersTable {
  year: number;
  last: number;
}

export type AcquisitionStatus = 'queued' | 'running' | 'done' | 'failed';

export interface AcquisitionsTable {
  id: string;
  /** `AQ-2026-000123`: the acquisition's number, which its evidence item keeps. */
  number: string;
  camera_id: string;
  camera_code: string;
  from_ms: number;
  to_ms: number;
  reason: string;
  request_id: string | null;
  request_number: string | null;
  case_ref: string | null;
  operator_id: string | null;
  operator_username: string;
  operator_name: string;
  operator_ip: string | null;
  status: AcquisitionStatus;
  progress: number;
  stage: string | null;
  error_code: string | null;
  error: string | null;
  attempts: number;
  hold_id: string | null;
  job_id: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

export interface EvidenceItemsTable {
  /** The same id as its acquisition. */
  id: string;
  number: string;
  acquisition_id: string;
  camera_id: string;
  camera_code: string;
  camera_name: string;
  requested_from_ms: number;
  requested_to_ms: number;
  actual_from_ms: number;
  actual_to_ms: number;
  reason: string;
  request_id: string | null;
  request_number: string | null;
  case_ref: string | null;
  operator_id: string | null;
  operator_username: string;
  operator_name: string;
  storage_prefix: string;
  manifest_sha256: string;
  key_fingerprint: string;
  total_bytes: number;
  /** JSON: the gaps inside the requested window. */
  gaps: string;
  retain_until: number | null;
  legal_hold: number;
  legal_hold_reason: string | null;
  created_at: number;
}

export type EvidenceFileKind =
  | 'clip'
  | 'original'
  | 'manifest'
  | 'signature'
  | 'public_key'
  | 'verbale'
  | 'checksums'
  | 'readme';

export interface EvidenceFilesTable {
  evidence_id: string;
  /** Path inside the package (`clip/…mp4`, `manifest.json`). */
  path: string;
  kind: EvidenceFileKind;
  bytes: number;
  sha256: string;
  storage_key: string;
  media_type: string;
  position: number;
}

export interface EvidenceCustodyTable {
  id: string;
  evidence_id: string;
  at: number;
  action: string;
  actor_id: string | null;
  actor_username: string | null;
  ip: string | null;
  reason: string | null;
  recipient: string | null;
  details: string | null;
}
