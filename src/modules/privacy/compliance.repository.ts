import { sql } from 'kysely';
import type { Db, Executor, Tx } from '../../platform/db/database.js';
import { dialectOf } from '../../platform/db/database.js';

// Arbitrary constant: the PostgreSQL advisory lock that serializes the uploaded PDFs' sweep with
// uploads and new records (SQLite's immediate transactions are serialized already).
const FILES_LOCK_KEY = 7_041_982_512;

declare module '../../platform/db/database.js' {
  interface Tables {
    compliance_records: ComplianceRecordsTable;
    compliance_camera_dpia: ComplianceCameraDpiaTable;
  }
}

export interface ComplianceRecordsTable {
  id: string;
  tool: string;
  kind: string;
  title: string;
  version: string;
  /** YYYY-MM-DD. */
  document_date: string;
  reference: string;
  effective_from: number;
  disciplinare_id: string | null;
  notes: string;
  file_key: string;
  file_name: string;
  file_bytes: number;
  file_sha256: string;
  created_by: string;
  created_at: number;
}

export interface ComplianceCameraDpiaTable {
  camera_id: string;
  record_id: string;
  assigned_by: string;
  assigned_at: number;
}

/** Compliance records and the cameras tied to a specific DPIA. Rows are only ever added. */
export class ComplianceRepository {
  constructor(private readonly db: Db) {}

  /** Oldest first within each tool and kind, so a record's successor follows it. */
  list(
    q: { tool?: string | undefined; kind?: string | undefined },
    ex: Executor = this.db,
  ): Promise<ComplianceRecordsTable[]> {
    let query = ex.selectFrom('compliance_records').selectAll();
    if (q.tool) query = query.where('tool', '=', q.tool);
    if (q.kind) query = query.where('kind', '=', q.kind);
    return query.orderBy('tool').orderBy('kind').orderBy('effective_from').execute();
  }

  get(id: string, ex: Executor = this.db): Promise<ComplianceRecordsTable | undefined> {
    return ex.selectFrom('compliance_records').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The newest record of a tool and kind, whenever it takes effect. */
  latest(
    tool: string,
    kind: string,
    ex: Executor = this.db,
  ): Promise<ComplianceRecordsTable | undefined> {
    return ex
      .selectFrom('compliance_records')
      .selectAll()
      .where('tool', '=', tool)
      .where('kind', '=', kind)
      .orderBy('effective_from', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Every tool and kind's record in force at an instant (the newest that took effect by then). */
  async inForceAt(at: number, ex: Executor = this.db): Promise<ComplianceRecordsTable[]> {
    const rows = await ex
      .selectFrom('compliance_records')
      .selectAll()
      .where('effective_from', '<=', at)
      .orderBy('effective_from', 'desc')
      .execute();
    const seen = new Set<string>();
    return rows.filter((r) => {
      const k = `${r.tool}/${r.kind}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  /** Held until the transaction ends: no sweep runs while a PDF is uploaded or referred to. */
  async lockFiles(tx: Tx): Promise<void> {
    if (dialectOf(tx) === 'postgres') {
      await sql`select pg_advisory_xact_lock(${FILES_LOCK_KEY})`.execute(tx);
    }
  }

  /**
   * SHA-256 of the uploaded PDFs whose last upload was before an instant and that no record refers
   * to. Uploads have no table of their own: each is in the audit log (privacy.file.upload), which
   * is never shortened, so a file whose upload cannot be found there is never swept.
   */
  async unreferencedUploads(before: number, ex: Executor = this.db): Promise<string[]> {
    const rows = await ex
      .selectFrom('audit_log')
      .select('object_id')
      .where('action', '=', 'privacy.file.upload')
      .where('object_type', '=', 'compliance_file')
      .where('object_id', 'is not', null)
      .where('object_id', 'not in', ex.selectFrom('compliance_records').select('file_sha256'))
      .groupBy('object_id')
      .having((eb) => eb.fn.max('at'), '<', before)
      .orderBy('object_id')
      .execute();
    return rows.map((r) => r.object_id ?? '').filter((id) => /^[0-9a-f]{64}$/.test(id));
  }

  async insert(row: ComplianceRecordsTable, ex: Executor): Promise<void> {
    await ex.insertInto('compliance_records').values(row).execute();
  }

  cameraDpia(cameraId: string, ex: Executor = this.db) {
    return ex
      .selectFrom('compliance_camera_dpia')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .executeTakeFirst();
  }

  cameraDpias(ex: Executor = this.db): Promise<ComplianceCameraDpiaTable[]> {
    return ex.selectFrom('compliance_camera_dpia').selectAll().execute();
  }

  async setCameraDpia(row: ComplianceCameraDpiaTable | { camera_id: string }, ex: Executor) {
    await ex.deleteFrom('compliance_camera_dpia').where('camera_id', '=', row.camera_id).execute();
    if ('record_id' in row) await ex.insertInto('compliance_camera_dpia').values(row).execute();
  }
}
