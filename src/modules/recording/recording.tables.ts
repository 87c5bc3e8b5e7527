declare module '../../platform/db/database.js' {
  interface Tables {
    recording_segments: SegmentsTable;
    recording_gaps: GapsTable;
    recording_deletions: DeletionsTable;
    holds: HoldsTable;
    hold_cameras: HoldCamerasTable;
    playback_sessions: PlaybackSessionsTable;
  }
}

export interface SegmentsTable {
  id: string;
  camera_id: string;
  start_ms: number;
  end_ms: number;
  bytes: number;
  storage_key: string;
  codec: string | null;
  run_id: string;
  created_at: number;
}

export type GapCause = 'camera_offline' | 'recorder_down' | 'disk' | 'error';

export interface GapsTable {
  id: string;
  camera_id: string;
  start_ms: number;
  /** Null while the gap is still open. */
  end_ms: number | null;
  cause: GapCause;
  detail: string | null;
  created_at: number;
}

export type DeletionCause = 'retention' | 'disk_space';

export interface DeletionsTable {
  id: string;
  camera_id: string;
  start_ms: number;
  end_ms: number;
  segments: number;
  bytes: number;
  cause: DeletionCause;
  deleted_at: number;
}

export interface HoldsTable {
  id: string;
  start_ms: number;
  end_ms: number;
  reason: string;
  case_ref: string | null;
  request_id: string | null;
  placed_by: string;
  placed_at: number;
  expires_at: number | null;
  released_at: number | null;
  released_by: string | null;
  release_reason: string | null;
}

export interface HoldCamerasTable {
  hold_id: string;
  camera_id: string;
}

export interface PlaybackSessionsTable {
  id: string;
  user_id: string;
  camera_id: string;
  from_ms: number;
  to_ms: number;
  reason: string;
  created_at: number;
  expires_at: number;
}
