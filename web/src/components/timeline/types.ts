import type { TimeRange } from './scale';

export type GapCause = 'camera_offline' | 'recorder_down' | 'disk' | 'error';
export type DeletionCause = 'retention' | 'disk_space';

/** What the timeline draws for one camera, with instants in epoch milliseconds. */
export interface TimelineData {
  /** Footage that ended before this instant has expired (retention); null when unknown. */
  expiresBefore: number | null;
  recorded: TimeRange[];
  /** `open` gaps are still missing now: they are drawn up to the present. */
  gaps: Array<TimeRange & { cause: GapCause; detail: string | null; open: boolean }>;
  holds: Array<TimeRange & { id: string; reason: string; caseRef: string | null }>;
  deleted: Array<TimeRange & { cause: DeletionCause }>;
}

export type { TimeRange };
