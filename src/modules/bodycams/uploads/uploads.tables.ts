declare module '../../../platform/db/database.js' {
  interface Tables {
    bodycam_uploads: BodycamUploadsTable;
  }
}

/**
 * - receiving: bytes still expected (HEAD/PATCH allowed);
 * - ingesting: complete, handed to the ingest (a durable job);
 * - done: ingested, duplicate or quarantined (its data file is gone);
 * - expired / terminated: abandoned or deleted by the client (its data file is gone);
 * - failed: complete, but its ingest job was given up: the data file is kept (the only copy of
 *   the footage) until an administrator retries the job or takes the file by hand.
 */
export type UploadStatus = 'receiving' | 'ingesting' | 'done' | 'expired' | 'terminated' | 'failed';

export interface BodycamUploadsTable {
  id: string;
  device_serial: string;
  file_name: string;
  length: number;
  /** Bytes received, fsynced and acknowledged: the Upload-Offset. */
  received: number;
  /** Upload-Metadata as sent. */
  metadata: string;
  status: UploadStatus;
  created_by: string;
  created_by_username: string;
  created_ip: string | null;
  created_at: number;
  updated_at: number;
  expires_at: number;
  completed_at: number | null;
  /** The ingest's outcome (ingested, duplicate, quarantined…) and its reason. */
  outcome: string | null;
  reason: string | null;
  clip_id: string | null;
}
