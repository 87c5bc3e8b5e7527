declare module '../../platform/db/database.js' {
  interface Tables {
    reports: ReportsTable;
  }
}

export type ReportKind = 'monthly' | 'on_demand';
export type ReportStatus = 'ready' | 'failed';

export interface ReportsTable {
  id: string;
  kind: ReportKind;
  status: ReportStatus;
  /** YYYY-MM when the period is one calendar month (Europe/Rome). */
  month: string | null;
  period_from: number;
  period_to: number;
  unit: string | null;
  created_at: number;
  created_by_id: string | null;
  created_by: string;
  extracted_at: number;
  /** JSON: StoredReportFile[]. */
  files: string;
  /** JSON: the KPIs as printed. */
  kpis: string | null;
  /** JSON: string[]. */
  recipients: string;
  mailed_at: number | null;
  error: string | null;
}

export interface StoredReportFile {
  kind: 'pdf' | 'xlsx' | 'csv';
  name: string;
  bytes: number;
  sha256: string;
  storageKey: string;
  mediaType: string;
}
