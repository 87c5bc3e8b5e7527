declare module '../../platform/db/database.js' {
  interface Tables {
    bodycam_disciplinare: DisciplinareTable;
    training_courses: TrainingCoursesTable;
    training_sessions: TrainingSessionsTable;
    training_attendance: TrainingAttendanceTable;
    bodycam_devices: BodycamDevicesTable;
    bodycam_issues: BodycamIssuesTable;
    bodycam_clips: BodycamClipsTable;
    bodycam_ingest_log: BodycamIngestLogTable;
  }
}

export interface DisciplinareTable {
  id: string;
  /** 1, 2, 3…: versions are never edited, a change is a new version. */
  number: number;
  title: string;
  effective_from: number;
  /** JSON of DisciplinareRules. */
  rules: string;
  notes: string;
  /** 1 for the default written on first start (to be approved by the council). */
  seeded: number;
  /** The approving act: kind (delibera di Consiglio / Giunta…), number and date (YYYY-MM-DD). */
  act_kind: string | null;
  act_number: string | null;
  act_date: string | null;
  approved_by: string | null;
  approved_at: number | null;
  created_by: string;
  created_at: number;
}

export interface TrainingCoursesTable {
  id: string;
  code: string;
  name: string;
  /** Months a passed session stays valid; null: never expires. */
  validity_months: number | null;
  required_for_bodycam: number;
  created_at: number;
  updated_at: number;
}

export interface TrainingSessionsTable {
  id: string;
  course_id: string;
  /** YYYY-MM-DD (Europe/Rome). */
  held_on: string;
  instructor: string;
  place: string;
  created_by: string;
  created_at: number;
}

export interface TrainingAttendanceTable {
  session_id: string;
  user_id: string;
  /** Last valid day, YYYY-MM-DD; null when the course never expires. */
  valid_until: string | null;
  recorded_by: string;
  recorded_at: number;
}

export type DeviceStatus = 'available' | 'issued' | 'charging' | 'fault' | 'retired';

export interface BodycamDevicesTable {
  id: string;
  serial: string;
  model: string;
  firmware: string;
  status: DeviceStatus;
  notes: string;
  created_at: number;
  updated_at: number;
}

export interface BodycamIssuesTable {
  id: string;
  device_id: string;
  device_serial: string;
  officer_id: string;
  officer_name: string;
  /** A joint service: the partner command the officer served with. */
  partner_command: string | null;
  issued_at: number;
  issued_by: string;
  returned_at: number | null;
  received_by: string | null;
  return_notes: string | null;
}

export type ClipFlag = 'outside_issue' | 'too_long' | 'whole_shift' | 'unknown_device';

export interface BodycamClipsTable {
  id: string;
  sha256: string;
  bytes: number;
  storage_key: string;
  original_name: string;
  source: 'dock' | 'upload';
  device_id: string | null;
  device_serial: string;
  officer_id: string | null;
  officer_name: string | null;
  issue_id: string | null;
  partner_command: string | null;
  recorded_start: number;
  recorded_end: number;
  /** Where the start time came from: the file's creation_time, the GPS track, or the file date. */
  time_source: 'metadata' | 'gps' | 'file';
  duration_ms: number;
  codec: string | null;
  width: number | null;
  height: number | null;
  /** JSON array of {lat, lon, t} (t epoch ms or null). */
  gps: string | null;
  gps_points: number;
  first_lat: number | null;
  first_lon: number | null;
  disciplinare_id: string;
  disciplinare_number: number;
  /** JSON array of ClipFlag. */
  flags: string;
  category: string | null;
  activation_reason: string | null;
  note: string | null;
  subjects_warned: number | null;
  linked_ref: string | null;
  categorized_by: string | null;
  categorized_at: number | null;
  categorize_due_at: number;
  retain_until: number | null;
  legal_hold: number;
  legal_hold_reason: string | null;
  /** "Non utilizzabile per illeciti amministrativi". */
  not_usable_admin: number;
  ingested_at: number;
  deleted_at: number | null;
  deleted_cause: string | null;
}

export type IngestOutcome =
  'ingested' | 'duplicate' | 'hash_mismatch' | 'quarantined' | 'failed' | 'interrupted_cleanup';

export interface BodycamIngestLogTable {
  id: string;
  at: number;
  device_serial: string;
  file_name: string;
  bytes: number | null;
  sha256: string | null;
  outcome: IngestOutcome;
  reason: string | null;
  clip_id: string | null;
  storage_key: string | null;
}
