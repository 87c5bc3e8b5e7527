declare module '../../platform/db/database.js' {
  interface Tables {
    alarms: AlarmsTable;
  }
}

export type AlarmSeverity = 'warning' | 'critical';

export interface AlarmsTable {
  id: string;
  kind: string;
  /** What the alarm is about: a camera id, or 'storage'. */
  subject: string;
  severity: AlarmSeverity;
  message: string;
  raised_at: number;
  last_seen_at: number;
  cleared_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}
