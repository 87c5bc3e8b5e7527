import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Executor } from '../../../platform/db/database.js';
import { isoOrNull } from '../../../platform/db/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { AuditActor } from '../../audit/audit.types.js';
import type { User } from '../../auth/auth.schemas.js';
import type { BodycamDevicesTable, BodycamIssuesTable } from '../bodycams.tables.js';
import type { ComplianceLink } from '../compliance-link.js';
import type { DisciplinareService } from '../disciplinare/disciplinare.service.js';
import type { TrainingService, UserDirectory } from '../training/training.service.js';
import type { FleetRepository } from './fleet.repository.js';
import type {
  CheckIn,
  CheckOut,
  Device,
  DeviceInput,
  DevicePatch,
  Issue,
  IssueQuery,
} from './fleet.schemas.js';

export function toIssue(r: BodycamIssuesTable): Issue {
  return {
    id: r.id,
    deviceId: r.device_id,
    serial: r.device_serial,
    officerId: r.officer_id,
    officerName: r.officer_name,
    partnerCommand: r.partner_command,
    issuedAt: isoOrNull(r.issued_at) ?? '',
    issuedBy: r.issued_by,
    returnedAt: isoOrNull(r.returned_at),
    receivedBy: r.received_by,
    returnNotes: r.return_notes,
  };
}

/** The bodycam fleet and its issuing register (B1): who carried which device, when. */
export class FleetService {
  constructor(
    private readonly d: {
      db: Db;
      repo: FleetRepository;
      audit: AuditService;
      clock: Clock;
      users: UserDirectory;
      training: TrainingService;
      disciplinare: DisciplinareService;
      compliance: ComplianceLink;
    },
  ) {}

  private async toDevice(row: BodycamDevicesTable, open?: BodycamIssuesTable): Promise<Device> {
    const version = await this.d.disciplinare.inForceAt(this.d.clock.now());
    return {
      id: row.id,
      serial: row.serial,
      model: row.model,
      firmware: row.firmware,
      status: row.status,
      notes: row.notes,
      currentIssue: open ? toIssue(open) : null,
      disciplinareNumber: version.number,
      dpia: await this.d.compliance.bodycamDpiaAt(this.d.clock.now()),
      createdAt: isoOrNull(row.created_at) ?? '',
      updatedAt: isoOrNull(row.updated_at) ?? '',
    };
  }

  async list(): Promise<Device[]> {
    const open = new Map((await this.d.repo.openIssues()).map((i) => [i.device_id, i]));
    const out: Device[] = [];
    for (const row of await this.d.repo.devices())
      out.push(await this.toDevice(row, open.get(row.id)));
    return out;
  }

  async get(idOrSerial: string): Promise<Device> {
    const row = await this.d.repo.device(idOrSerial);
    if (!row) throw new NotFound('bodycam', idOrSerial);
    return this.toDevice(row, await this.d.repo.openIssueOfDevice(row.id, this.d.db));
  }

  async create(actor: AuditActor, input: DeviceInput): Promise<Device> {
    const now = this.d.clock.now();
    const row: BodycamDevicesTable = {
      id: randomUUID(),
      serial: input.serial,
      model: input.model,
      firmware: input.firmware,
      status: 'available',
      notes: input.notes,
      created_at: now,
      updated_at: now,
    };
    await this.d.db.transaction().execute(async (tx) => {
      if (await this.d.repo.device(input.serial, tx)) {
        throw new Conflict(`Bodycam con matricola ${input.serial} già registrata`);
      }
      await this.d.repo.insertDevice(row, tx);
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.device.create',
        objectType: 'bodycam',
        objectId: row.id,
        details: { ...input },
      });
    });
    return this.toDevice(row);
  }

  async update(actor: AuditActor, idOrSerial: string, patch: DevicePatch): Promise<Device> {
    const row = await this.d.db.transaction().execute(async (tx) => {
      const row = await this.d.repo.device(idOrSerial, tx);
      if (!row) throw new NotFound('bodycam', idOrSerial);
      if (patch.status && row.status === 'issued') {
        throw new Conflict(`La bodycam ${row.serial} è in carico: registrare prima la riconsegna`);
      }
      const next = {
        ...(patch.model !== undefined && { model: patch.model }),
        ...(patch.firmware !== undefined && { firmware: patch.firmware }),
        ...(patch.notes !== undefined && { notes: patch.notes }),
        ...(patch.status !== undefined && { status: patch.status }),
        updated_at: this.d.clock.now(),
      };
      await this.d.repo.updateDevice(row.id, next, tx);
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.device.update',
        objectType: 'bodycam',
        objectId: row.id,
        details: {
          serial: row.serial,
          before: { status: row.status, firmware: row.firmware },
          patch,
        },
      });
      return { ...row, ...next };
    });
    return this.toDevice(row);
  }

  private async officer(idOrUsername: string): Promise<User> {
    let user: User;
    try {
      user = await this.d.users.get(idOrUsername);
    } catch (err: unknown) {
      if (!(err instanceof NotFound)) throw err;
      try {
        user = await this.d.users.getByUsername(idOrUsername);
      } catch (e: unknown) {
        if (e instanceof NotFound) throw new ValidationFailed(`Agente ${idOrUsername} inesistente`);
        throw e;
      }
    }
    if (user.role !== 'officer') {
      throw new ValidationFailed(`${user.displayName} non ha il ruolo di agente: nessuna bodycam`);
    }
    if (user.status !== 'active')
      throw new ValidationFailed(`L’utenza di ${user.displayName} è disattivata`);
    return user;
  }

  /**
   * Issues a device to an officer for a shift. Refused, with the reason, when the officer lacks
   * valid required training, already carries a device, or the device is not ready.
   */
  async checkOut(actor: AuditActor, input: CheckOut): Promise<Issue> {
    const user = await this.officer(input.officer);
    const now = this.d.clock.now();
    const refusal = await this.d.training.issuingRefusal(user.id, now);
    if (refusal) {
      await this.d.audit.recordAlone(actor, {
        action: 'bodycam.checkout_refused',
        objectType: 'user',
        objectId: user.id,
        reason: refusal,
        details: { serial: input.serial },
      });
      throw new Conflict(refusal, 'training_required');
    }
    const issue = await this.d.db.transaction().execute(async (tx) => {
      const device = await this.d.repo.device(input.serial, tx);
      if (!device) throw new NotFound('bodycam', input.serial);
      await this.assertIssuable(device, user, tx);
      const issue: BodycamIssuesTable = {
        id: randomUUID(),
        device_id: device.id,
        device_serial: device.serial,
        officer_id: user.id,
        officer_name: user.displayName,
        partner_command: input.partnerCommand ?? null,
        issued_at: now,
        issued_by: actor.username ?? 'system',
        returned_at: null,
        received_by: null,
        return_notes: null,
      };
      await this.d.repo.insertIssue(issue, tx);
      await this.d.repo.updateDevice(device.id, { status: 'issued', updated_at: now }, tx);
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.checkout',
        objectType: 'bodycam',
        objectId: device.id,
        details: {
          serial: device.serial,
          officerId: user.id,
          officer: user.username,
          partnerCommand: issue.partner_command,
        },
      });
      return issue;
    });
    return toIssue(issue);
  }

  private async assertIssuable(device: BodycamDevicesTable, user: User, tx: Executor) {
    const open = await this.d.repo.openIssueOfDevice(device.id, tx);
    if (open) {
      throw new Conflict(
        `La bodycam ${device.serial} è già in carico a ${open.officer_name}: registrare prima la riconsegna`,
      );
    }
    if (device.status === 'fault' || device.status === 'retired') {
      const label = device.status === 'fault' ? 'guasta' : 'dismessa';
      throw new Conflict(`La bodycam ${device.serial} è ${label}: non assegnabile`);
    }
    const mine = await this.d.repo.openIssueOfOfficer(user.id, tx);
    if (mine) {
      throw new Conflict(
        `${user.displayName} ha già in carico la bodycam ${mine.device_serial}: registrare prima la riconsegna`,
      );
    }
  }

  /** Receives a device back at the end of the shift (by serial, typed or scanned). */
  async checkIn(actor: AuditActor, input: CheckIn): Promise<Issue> {
    const now = this.d.clock.now();
    const closed = await this.d.db.transaction().execute(async (tx) => {
      const device = await this.d.repo.device(input.serial, tx);
      if (!device) throw new NotFound('bodycam', input.serial);
      const open = await this.d.repo.openIssueOfDevice(device.id, tx);
      if (!open) throw new Conflict(`La bodycam ${device.serial} non risulta in carico a nessuno`);
      const patch = {
        returned_at: now,
        received_by: actor.username ?? 'system',
        return_notes: input.notes ?? null,
      };
      await this.d.repo.closeIssue(open.id, patch, tx);
      await this.d.repo.updateDevice(device.id, { status: input.status, updated_at: now }, tx);
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.checkin',
        objectType: 'bodycam',
        objectId: device.id,
        details: {
          serial: device.serial,
          officerId: open.officer_id,
          issuedAt: isoOrNull(open.issued_at),
          status: input.status,
          notes: input.notes ?? null,
        },
      });
      return { ...open, ...patch };
    });
    return toIssue(closed);
  }

  async issues(q: IssueQuery): Promise<Issue[]> {
    return (
      await this.d.repo.issues({
        serial: q.serial,
        officerId: q.officerId,
        open: q.open === undefined ? undefined : q.open === '1',
        limit: q.limit,
      })
    ).map(toIssue);
  }

  /** For ingest: the device and the issue covering an instant. */
  async deviceBySerial(serial: string, ex?: Executor): Promise<BodycamDevicesTable | undefined> {
    return this.d.repo.device(serial, ex);
  }

  async issueAt(
    serial: string,
    at: number,
    ex?: Executor,
  ): Promise<BodycamIssuesTable | undefined> {
    return this.d.repo.issueAt(serial, at, ex);
  }

  async issueById(id: string): Promise<BodycamIssuesTable | undefined> {
    return this.d.repo.issue(id);
  }
}
