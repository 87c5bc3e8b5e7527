import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Clock } from '../../platform/clock.js';
import { sha256Hex } from '../../platform/crypto/hash.js';
import type { Db } from '../../platform/db/database.js';
import { isoOrNull } from '../../platform/db/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { Storage } from '../../platform/storage/storage.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/audit.types.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { Permission } from '../auth/permissions.js';
import type { ComplianceRecordsTable, ComplianceRepository } from './compliance.repository.js';
import {
  COMPLIANCE_KINDS,
  type ComplianceKind,
  type ComplianceRecord,
  type ComplianceTool,
  type InForce,
  type NewRecord,
  type RecordQuery,
  type RecordRef,
  type UploadedFile,
} from './compliance.schemas.js';

/** Who edits the records (the privacy officer) and who reads them (commanders, administrators). */
export function canManageCompliance(perms: ReadonlySet<Permission>): boolean {
  return perms.has('privacy.manage');
}
export function canReadCompliance(perms: ReadonlySet<Permission>): boolean {
  return perms.has('privacy.manage') || perms.has('settings.manage') || perms.has('report.read');
}

/** A PDF starts with "%PDF-" (ISO 32000-1 §7.5.2). */
export function looksLikePdf(data: Buffer): boolean {
  return data.subarray(0, 5).toString('latin1') === '%PDF-';
}

/**
 * A complete PDF ends with "%%EOF" (ISO 32000-1 §7.5.5); some writers add a few bytes after it,
 * so the last KiB is searched. A truncated upload fails this.
 */
export function hasPdfEnd(data: Buffer): boolean {
  return data.subarray(-1024).includes('%%EOF', 0, 'latin1');
}

const fileKey = (sha256: string) => `compliance/files/${sha256}.pdf`;

/** An uploaded PDF that no record refers to is removed this long after its last upload. */
export const UNREFERENCED_UPLOAD_TTL_MS = 24 * 3_600_000;

export const toRef = (r: ComplianceRecordsTable): RecordRef => ({
  id: r.id,
  title: r.title,
  version: r.version,
  documentDate: r.document_date,
  reference: r.reference,
});

function inForceMap(rows: ComplianceRecordsTable[], tool: ComplianceTool): InForce {
  const out: InForce = { dpia: null, dpo_opinion: null, disciplinare: null, signage: null };
  for (const kind of COMPLIANCE_KINDS) {
    const row = rows.find((r) => r.tool === tool && r.kind === kind);
    out[kind] = row ? toRef(row) : null;
  }
  return out;
}

/**
 * Compliance records (G1): per tool the DPIA, the DPO's opinion, the regulation's text and the
 * signage notice, each with its PDF stored by SHA-256. Records are never changed or removed: a
 * newer one of the same tool and kind supersedes the older from its effective date, so what was
 * in force at any past instant stays answerable (for a camera, a device, a clip).
 */
export class ComplianceService {
  constructor(
    private readonly d: {
      db: Db;
      repo: ComplianceRepository;
      storage: Storage;
      audit: AuditService;
      clock: Clock;
      maxPdfBytes: number;
      /** The disciplinare versions of the bodycam module (a text is the act of one of them). */
      disciplinare: { get(id: string): Promise<{ id: string; number: number }> };
    },
  ) {}

  private requireReader(auth: AuthContext): void {
    if (!canReadCompliance(auth.permissions)) {
      throw new Forbidden(
        'I documenti di conformità sono consultabili da referente privacy, comandante e amministratore',
      );
    }
  }

  private requireManager(perms: ReadonlySet<Permission>): void {
    if (!canManageCompliance(perms)) {
      throw new Forbidden('Solo il referente privacy registra i documenti di conformità');
    }
  }

  /** Stores an uploaded PDF under its SHA-256 (the same file twice is stored once). */
  async upload(
    actor: AuditActor,
    perms: ReadonlySet<Permission>,
    data: Buffer,
    fileName: string | null,
  ): Promise<UploadedFile> {
    this.requireManager(perms);
    if (data.length === 0) throw new ValidationFailed('Il file è vuoto');
    if (data.length > this.d.maxPdfBytes) {
      throw new ValidationFailed(
        `Il file supera il limite di ${Math.floor(this.d.maxPdfBytes / 1024 / 1024)} MiB`,
      );
    }
    if (!looksLikePdf(data)) {
      throw new ValidationFailed('Il file non è un PDF (manca l’intestazione %PDF-)');
    }
    if (!hasPdfEnd(data)) {
      throw new ValidationFailed(
        'Il PDF è incompleto (manca la chiusura %%EOF): il caricamento si è interrotto o il file è danneggiato, caricarlo di nuovo',
      );
    }
    const sha256 = sha256Hex(data);
    const key = fileKey(sha256);
    if (!(await this.d.storage.exists(key))) await this.store(key, data, sha256);
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.repo.lockFiles(tx);
      // The sweep may have removed these same bytes meanwhile: stored again under the lock. The
      // upload's audit entry also restarts the file's 24 hours.
      if (!(await this.d.storage.exists(key))) await this.store(key, data, sha256);
      await this.d.audit.record(tx, actor, {
        action: 'privacy.file.upload',
        objectType: 'compliance_file',
        objectId: sha256,
        details: { bytes: data.length, fileName },
      });
    });
    return { sha256, bytes: data.length };
  }

  private async store(key: string, data: Buffer, sha256: string): Promise<void> {
    const stored = await this.d.storage.put(key, data);
    if (stored.sha256 !== sha256) {
      await this.d.storage.delete(key);
      throw new Error(`stored PDF hash mismatch for ${key}`);
    }
  }

  /**
   * Removes the uploaded PDFs that no record refers to, last uploaded more than 24 hours ago (an
   * upload abandoned before its record was registered). A referenced file is never touched. One
   * audit entry per sweep that removed something, with the count and the hashes.
   */
  async sweepUnreferenced(): Promise<{ removed: number }> {
    const before = this.d.clock.now() - UNREFERENCED_UPLOAD_TTL_MS;
    return this.d.db.transaction().execute(async (tx) => {
      await this.d.repo.lockFiles(tx);
      const removed: string[] = [];
      for (const sha256 of await this.d.repo.unreferencedUploads(before, tx)) {
        const key = fileKey(sha256);
        if (!(await this.d.storage.exists(key))) continue; // swept before
        await this.d.storage.delete(key);
        removed.push(sha256);
      }
      if (removed.length > 0) {
        await this.d.audit.record(tx, SYSTEM_ACTOR, {
          action: 'privacy.file.sweep',
          objectType: 'compliance_file',
          details: {
            removed: removed.length,
            olderThanHours: UNREFERENCED_UPLOAD_TTL_MS / 3_600_000,
            sha256: removed,
          },
        });
      }
      return { removed: removed.length };
    });
  }

  async create(
    actor: AuditActor,
    perms: ReadonlySet<Permission>,
    input: NewRecord,
  ): Promise<ComplianceRecord> {
    this.requireManager(perms);
    const fields: Record<string, string> = {};
    let disciplinareId: string | null = null;
    if (input.tool === 'bodycam' && input.kind === 'disciplinare') {
      if (!input.disciplinareId) {
        fields.disciplinareId = 'indicare la versione del disciplinare di cui è il testo';
      } else {
        try {
          disciplinareId = (await this.d.disciplinare.get(input.disciplinareId)).id;
        } catch {
          fields.disciplinareId = 'versione del disciplinare inesistente';
        }
      }
    } else if (input.disciplinareId) {
      fields.disciplinareId =
        'solo il testo del disciplinare delle bodycam si collega a una versione';
    }
    const key = fileKey(input.fileSha256);
    // The stored copy is re-read and its hash checked before anything refers to it.
    const stored = (await this.d.storage.exists(key)) ? await this.hashStored(key) : null;
    if (!stored) fields.fileSha256 = 'file non caricato: caricare prima il PDF';
    else if (stored.sha256 !== input.fileSha256) {
      throw new Error(`stored PDF ${key} does not match its SHA-256 (${stored.sha256})`);
    }
    const now = this.d.clock.now();
    const effectiveFrom = input.effectiveFrom ? Date.parse(input.effectiveFrom) : now;
    const row = await this.d.db.transaction().execute(async (tx) => {
      // Under the files' lock the sweep cannot remove the PDF between this check and the commit.
      await this.d.repo.lockFiles(tx);
      if (stored && !(await this.d.storage.exists(key))) {
        fields.fileSha256 = 'file non più disponibile: caricare di nuovo il PDF';
      }
      const latest = await this.d.repo.latest(input.tool, input.kind, tx);
      if (latest && effectiveFrom <= latest.effective_from) {
        fields.effectiveFrom = `deve essere successiva al ${isoOrNull(latest.effective_from) ?? ''}, decorrenza della versione ${latest.version} che sostituisce`;
      }
      if (Object.keys(fields).length > 0) {
        throw new ValidationFailed(
          `Documento non registrato: ${Object.entries(fields)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ')}`,
          { fields },
        );
      }
      const row: ComplianceRecordsTable = {
        id: randomUUID(),
        tool: input.tool,
        kind: input.kind,
        title: input.title,
        version: input.version,
        document_date: input.documentDate,
        reference: input.reference,
        effective_from: effectiveFrom,
        disciplinare_id: disciplinareId,
        notes: input.notes,
        file_key: key,
        file_name: input.fileName,
        file_bytes: stored?.bytes ?? 0,
        file_sha256: input.fileSha256,
        created_by: actor.username ?? 'system',
        created_at: now,
      };
      await this.d.repo.insert(row, tx);
      await this.d.audit.record(tx, actor, {
        action: 'privacy.record.create',
        objectType: 'compliance_record',
        objectId: row.id,
        details: {
          tool: row.tool,
          kind: row.kind,
          title: row.title,
          version: row.version,
          documentDate: row.document_date,
          reference: row.reference,
          effectiveFrom: isoOrNull(row.effective_from),
          sha256: row.file_sha256,
          supersedes: latest?.id ?? null,
          disciplinareId,
        },
      });
      return row;
    });
    return this.toRecord(row, [row]);
  }

  private async hashStored(key: string): Promise<{ sha256: string; bytes: number }> {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of await this.d.storage.get(key)) {
      const b = chunk as Buffer;
      hash.update(b);
      bytes += b.length;
    }
    return { sha256: hash.digest('hex'), bytes };
  }

  /** Every record, with its place in its tool and kind's history. */
  async list(auth: AuthContext, q: RecordQuery): Promise<ComplianceRecord[]> {
    this.requireReader(auth);
    const all = await this.d.repo.list({ tool: q.tool, kind: q.kind });
    const out: ComplianceRecord[] = [];
    for (const r of all) out.push(await this.toRecord(r, all));
    // Newest first for reading; history order is kept within the statuses.
    return out.reverse();
  }

  async get(auth: AuthContext, id: string): Promise<ComplianceRecord> {
    this.requireReader(auth);
    const row = await this.d.repo.get(id);
    if (!row) throw new NotFound('documento di conformità', id);
    return this.toRecord(row, await this.d.repo.list({ tool: row.tool, kind: row.kind }));
  }

  /** The stored PDF of a record. */
  async file(
    auth: AuthContext,
    id: string,
  ): Promise<{ stream: Readable; name: string; bytes: number; sha256: string }> {
    this.requireReader(auth);
    const row = await this.d.repo.get(id);
    if (!row) throw new NotFound('documento di conformità', id);
    return {
      stream: await this.d.storage.get(row.file_key),
      name: row.file_name,
      bytes: row.file_bytes,
      sha256: row.file_sha256,
    };
  }

  /** A tool's records in force at an instant (now by default). */
  async inForce(tool: ComplianceTool, at: number = this.d.clock.now()): Promise<InForce> {
    return inForceMap(await this.d.repo.inForceAt(at), tool);
  }

  /** The record of one tool and kind in force at an instant (a clip's recording time). */
  async inForceAt(
    tool: ComplianceTool,
    kind: ComplianceKind,
    at: number,
  ): Promise<RecordRef | null> {
    return (await this.inForce(tool, at))[kind];
  }

  private async toRecord(
    r: ComplianceRecordsTable,
    history: ComplianceRecordsTable[],
  ): Promise<ComplianceRecord> {
    const now = this.d.clock.now();
    const line = history
      .filter((h) => h.tool === r.tool && h.kind === r.kind)
      .sort((a, b) => a.effective_from - b.effective_from);
    const next = line.find((h) => h.effective_from > r.effective_from);
    const status =
      r.effective_from > now
        ? 'scheduled'
        : next && next.effective_from <= now
          ? 'superseded'
          : 'in_force';
    let disciplinareNumber: number | null = null;
    if (r.disciplinare_id) {
      disciplinareNumber = await this.d.disciplinare
        .get(r.disciplinare_id)
        .then((v) => v.number)
        .catch(() => null);
    }
    return {
      id: r.id,
      tool: r.tool as ComplianceTool,
      kind: r.kind as ComplianceKind,
      title: r.title,
      version: r.version,
      documentDate: r.document_date,
      reference: r.reference,
      effectiveFrom: isoOrNull(r.effective_from) ?? '',
      disciplinareId: r.disciplinare_id,
      disciplinareNumber,
      notes: r.notes,
      file: { name: r.file_name, bytes: r.file_bytes, sha256: r.file_sha256 },
      status,
      supersededBy: status === 'superseded' ? (next?.id ?? null) : null,
      createdBy: r.created_by,
      createdAt: isoOrNull(r.created_at) ?? '',
    };
  }
}
