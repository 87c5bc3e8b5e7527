declare module '../../platform/db/database.js' {
  interface Tables {
    cameras: CamerasTable;
    camera_status: CameraStatusTable;
  }
}

export interface CamerasTable {
  id: string;
  code: string;
  name: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  /** Without credentials: those live in username / password_enc. */
  main_url: string;
  sub_url: string | null;
  username: string | null;
  /** SecretBox ciphertext. */
  password_enc: string | null;
  purpose: string;
  retention_days: number;
  retention_reason: string | null;
  enabled: number;
  notes: string;
  dpia_ref: string;
  is_demo: number;
  /** JSON array of visibility group names. */
  groups: string;
  created_at: number;
  updated_at: number;
}

export interface CameraStatusTable {
  camera_id: string;
  state: string;
  message: string | null;
  since: number;
  last_segment_at: number | null;
  codec: string | null;
  width: number | null;
  height: number | null;
  bitrate: number | null;
  updated_at: number;
}
