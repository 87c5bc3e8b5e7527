import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Executor } from '../../../platform/db/database.js';
import { isoOrNull } from '../../../platform/db/database.js';
import { Conflict, Forbidden, NotFound } from '../../../platform/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import { SYSTEM_ACTOR, type AuditActor } from '../../audit/audit.types.js';
import type { Permission } from '../../auth/permissions.js';
import type { DisciplinareTable } from '../bodycams.tables.js';
import { DEFAULT_DISCIPLINARE } from './disciplinare-defaults.js';
import type { DisciplinareRepository } from './disciplinare.repository.js';
import {
  DisciplinareRulesSchema,
  type Approval,
  type Disciplinare,
  type DisciplinareRules,
  type NewDisciplinare,
} from './disciplinare.schemas.js';

/** A version as the other bodycam services use it. */
export interface DisciplinareVersion {
  id: string;
  number: number;
  rules: DisciplinareRules;
}

export function toDisciplinare(row: DisciplinareTable): Disciplinare {
  const approved = row.act_number !== null && row.act_date !== null;
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    effectiveFrom: isoOrNull(row.effective_from) ?? '',
    rules: DisciplinareRulesSchema.parse(JSON.parse(row.rules)),
    notes: row.notes,
    seeded: row.seeded === 1,
    status: approved ? 'approvato' : 'da_approvare',
    approval: approved
      ? {
          actKind: row.act_kind ?? '',
          actNumber: row.act_number ?? '',
          actDate: row.act_date ?? '',
          approvedBy: row.approved_by ?? '',
          approvedAt: isoOrNull(row.approved_at) ?? '',
        }
      : null,
    createdBy: row.created_by,
    createdAt: isoOrNull(row.created_at) ?? '',
  };
}

const toVersion = (row: DisciplinareTable): DisciplinareVersion => ({
  id: row.id,
  number: row.number,
  rules: DisciplinareRulesSchema.parse(JSON.parse(row.rules)),
});

/** Who may change the disciplinare: the privacy officer or whoever manages settings. */
export function canManageDisciplinare(perms: ReadonlySet<Permission>): boolean {
  return perms.has('privacy.manage') || perms.has('settings.manage');
}

/**
 * The disciplinare (the council's usage regulation for bodycams), versioned: a change is a
 * new version, past versions stay, and each clip keeps the version in force when recorded.
 */
export class DisciplinareService {
  constructor(
    private readonly d: {
      db: Db;
      repo: DisciplinareRepository;
      audit: AuditService;
      clock: Clock;
    },
  ) {}

  /** Writes the default version when none exists (first start): in force, to be approved. */
  async ensureSeeded(): Promise<void> {
    await this.d.db.transaction().execute(async (tx) => {
      if (await this.d.repo.first(tx)) return;
      const now = this.d.clock.now();
      const row: DisciplinareTable = {
        id: randomUUID(),
        number: 1,
        title: DEFAULT_DISCIPLINARE.title,
        // In force for anything recorded before it too: clips always find a version.
        effective_from: 0,
        rules: JSON.stringify(DEFAULT_DISCIPLINARE.rules),
        notes: DEFAULT_DISCIPLINARE.notes,
        seeded: 1,
        act_kind: null,
        act_number: null,
        act_date: null,
        approved_by: null,
        approved_at: null,
        created_by: 'system',
        created_at: now,
      };
      await this.d.repo.insert(row, tx);
      await this.d.audit.record(tx, SYSTEM_ACTOR, {
        action: 'bodycam.disciplinare.seed',
        objectType: 'disciplinare',
        objectId: row.id,
        details: { number: 1, status: 'da_approvare' },
      });
    });
  }

  async list(): Promise<{ current: Disciplinare; versions: Disciplinare[] }> {
    await this.ensureSeeded();
    const current = await this.d.repo.inForceAt(this.d.clock.now());
    const versions = (await this.d.repo.list()).map(toDisciplinare);
    const cur = current ? toDisciplinare(current) : versions[versions.length - 1];
    if (!cur) throw new NotFound('disciplinare');
    return { current: cur, versions };
  }

  async get(id: string): Promise<Disciplinare> {
    const row = await this.d.repo.get(id);
    if (!row) throw new NotFound('versione del disciplinare', id);
    return toDisciplinare(row);
  }

  /** The version in force at an instant (recording time of a clip). */
  async inForceAt(at: number, ex?: Executor): Promise<DisciplinareVersion> {
    const row = (await this.d.repo.inForceAt(at, ex)) ?? (await this.d.repo.first(ex));
    if (!row) {
      // Inside a caller's transaction a second one would deadlock SQLite: seed first.
      if (ex) throw new Error('no disciplinare version: call ensureSeeded() before');
      await this.ensureSeeded();
      return this.inForceAt(at);
    }
    return toVersion(row);
  }

  async version(id: string, ex?: Executor): Promise<DisciplinareVersion> {
    const row = await this.d.repo.get(id, ex);
    if (!row) throw new NotFound('versione del disciplinare', id);
    return toVersion(row);
  }

  async create(
    actor: AuditActor,
    perms: ReadonlySet<Permission>,
    input: NewDisciplinare,
  ): Promise<Disciplinare> {
    if (!canManageDisciplinare(perms)) {
      throw new Forbidden(
        'Solo il referente privacy o l’amministratore modificano il disciplinare',
      );
    }
    await this.ensureSeeded();
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (tx) => {
      const number = await this.d.repo.nextNumber(tx);
      const row: DisciplinareTable = {
        id: randomUUID(),
        number,
        title: input.title,
        effective_from: input.effectiveFrom ? Date.parse(input.effectiveFrom) : now,
        rules: JSON.stringify(input.rules),
        notes: input.notes,
        seeded: 0,
        act_kind: input.approval?.actKind ?? null,
        act_number: input.approval?.actNumber ?? null,
        act_date: input.approval?.actDate ?? null,
        approved_by: input.approval ? (actor.username ?? 'system') : null,
        approved_at: input.approval ? now : null,
        created_by: actor.username ?? 'system',
        created_at: now,
      };
      await this.d.repo.insert(row, tx);
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.disciplinare.create',
        objectType: 'disciplinare',
        objectId: row.id,
        details: {
          number,
          effectiveFrom: isoOrNull(row.effective_from),
          approval: input.approval ?? null,
          rules: input.rules,
        },
      });
      return row;
    });
    return toDisciplinare(row);
  }

  /** Records the approving act of a version that had none (e.g. the seeded default). */
  async approve(
    actor: AuditActor,
    perms: ReadonlySet<Permission>,
    id: string,
    act: Approval,
  ): Promise<Disciplinare> {
    if (!canManageDisciplinare(perms)) {
      throw new Forbidden('Solo il referente privacy o l’amministratore registrano l’atto');
    }
    const row = await this.d.db.transaction().execute(async (tx) => {
      const row = await this.d.repo.get(id, tx);
      if (!row) throw new NotFound('versione del disciplinare', id);
      if (row.act_number !== null) {
        throw new Conflict(
          `La versione ${row.number} è già approvata (atto n. ${row.act_number} del ${row.act_date})`,
        );
      }
      const patch = {
        act_kind: act.actKind,
        act_number: act.actNumber,
        act_date: act.actDate,
        approved_by: actor.username ?? 'system',
        approved_at: this.d.clock.now(),
      };
      await this.d.repo.approve(id, patch, tx);
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.disciplinare.approve',
        objectType: 'disciplinare',
        objectId: id,
        details: { number: row.number, ...act },
      });
      return { ...row, ...patch };
    });
    return toDisciplinare(row);
  }
}
