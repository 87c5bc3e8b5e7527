import type { Db } from '../../../platform/db/database.js';
import type { AcquisitionsTable, EvidenceFileKind } from '../evidence.tables.js';

/** An acquisition with what its evidence item registered (null while not registered). */
export interface ExtractionRow extends AcquisitionsTable {
  camera_name: string | null;
  actual_from_ms: number | null;
  actual_to_ms: number | null;
  total_bytes: number | null;
  manifest_sha256: string | null;
  retain_until: number | null;
  legal_hold: number | null;
  legal_hold_reason: string | null;
}

export interface FileCount {
  evidence_id: string;
  kind: EvidenceFileKind;
  files: number;
  bytes: number;
}

export interface EvidenceViewingRow {
  at: number;
  action: string;
  actor_username: string | null;
  ip: string | null;
  reason: string | null;
  recipient: string | null;
  details: string | null;
  number: string;
  camera_id: string;
  camera_code: string;
  camera_name: string;
  actual_from_ms: number;
  actual_to_ms: number;
  case_ref: string | null;
  request_number: string | null;
}

/** Custody actions that are an access to the evidence (not its registration or retention). */
export const VIEWING_ACTIONS = ['view', 'download', 'download_file'] as const;

/** The rows of the printable registers (E4): extractions and accesses, for a period. */
export class RegistersRepository {
  constructor(private readonly db: Db) {}

  /**
   * Acquisitions requested in [from, to), oldest first, with their evidence item if any; with
   * `cameraIds`, only those cameras' (a reader limited to some cameras).
   */
  async extractions(
    from: number,
    to: number,
    limit: number,
    cameraIds: readonly string[] | null = null,
  ): Promise<ExtractionRow[]> {
    if (cameraIds !== null && cameraIds.length === 0) return [];
    return this.db
      .selectFrom('evidence_acquisitions as a')
      .leftJoin('evidence_items as i', 'i.id', 'a.id')
      .selectAll('a')
      .select([
        'i.camera_name',
        'i.actual_from_ms',
        'i.actual_to_ms',
        'i.total_bytes',
        'i.manifest_sha256',
        'i.retain_until',
        'i.legal_hold',
        'i.legal_hold_reason',
      ])
      .where('a.created_at', '>=', from)
      .where('a.created_at', '<', to)
      .$if(cameraIds !== null, (q) => q.where('a.camera_id', 'in', cameraIds ?? []))
      .orderBy('a.created_at')
      .orderBy('a.number')
      .limit(limit)
      .execute();
  }

  /** Files per kind of the given items (count and bytes). */
  async fileCounts(evidenceIds: readonly string[]): Promise<FileCount[]> {
    const out: FileCount[] = [];
    for (let i = 0; i < evidenceIds.length; i += 500) {
      const ids = evidenceIds.slice(i, i + 500);
      const rows = await this.db
        .selectFrom('evidence_files')
        .select((eb) => [
          'evidence_id',
          'kind',
          eb.fn.countAll<number>().as('files'),
          eb.fn.sum<number>('bytes').as('bytes'),
        ])
        .where('evidence_id', 'in', ids)
        .groupBy(['evidence_id', 'kind'])
        .execute();
      for (const r of rows) out.push({ ...r, files: Number(r.files), bytes: Number(r.bytes ?? 0) });
    }
    return out;
  }

  /**
   * Accesses to evidence in [from, to): views and downloads of the register's items, and any
   * other custody action that is a download (a share link's, say), oldest first; with
   * `cameraIds`, only those cameras' items.
   */
  async evidenceViewings(
    from: number,
    to: number,
    limit: number,
    cameraIds: readonly string[] | null = null,
  ): Promise<EvidenceViewingRow[]> {
    if (cameraIds !== null && cameraIds.length === 0) return [];
    return this.db
      .selectFrom('evidence_custody as c')
      .innerJoin('evidence_items as i', 'i.id', 'c.evidence_id')
      .select([
        'c.at',
        'c.action',
        'c.actor_username',
        'c.ip',
        'c.reason',
        'c.recipient',
        'c.details',
        'i.number',
        'i.camera_id',
        'i.camera_code',
        'i.camera_name',
        'i.actual_from_ms',
        'i.actual_to_ms',
        'i.case_ref',
        'i.request_number',
      ])
      .where('c.at', '>=', from)
      .where('c.at', '<', to)
      .$if(cameraIds !== null, (q) => q.where('i.camera_id', 'in', cameraIds ?? []))
      .where((eb) =>
        eb.or([eb('c.action', 'in', [...VIEWING_ACTIONS]), eb('c.action', 'like', '%download%')]),
      )
      .orderBy('c.at')
      .orderBy('c.id')
      .limit(limit)
      .execute();
  }
}
