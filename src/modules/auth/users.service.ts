import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { fromJson, isoOrNull, toJson } from '../../platform/db/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { NewUser, User, UserPatch } from './auth.schemas.js';
import type { PasswordHasher } from './password.js';
import { passwordProblems, type PasswordPolicy } from './password-policy.js';
import { permissionsOf, RoleSchema, ROLES, type Role } from './permissions.js';
import type { RoleSettingsRepository } from './role-settings.repository.js';
import type { SessionRepository } from './session.repository.js';
import type { UserRepository, UserRow } from './user.repository.js';

interface Deps {
  db: Db;
  users: UserRepository;
  sessions: SessionRepository;
  roleSettings: RoleSettingsRepository;
  audit: AuditService;
  hasher: PasswordHasher;
  clock: Clock;
  passwordPolicy: PasswordPolicy;
}

export function toUser(row: UserRow, now: number): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: RoleSchema.parse(row.role),
    email: row.email,
    status: row.status,
    totpEnabled: row.totp_enabled === 1,
    mustChangePassword: row.must_change_password === 1,
    lockedUntil:
      row.locked_until !== null && row.locked_until > now ? isoOrNull(row.locked_until) : null,
    lastLoginAt: isoOrNull(row.last_login_at),
    createdAt: isoOrNull(row.created_at) ?? '',
    cameraGroups: fromJson<string[]>(row.camera_groups),
  };
}

/** Personal accounts (C3): created, changed and disabled by the administrator, never deleted. */
export class UsersService {
  constructor(private readonly d: Deps) {}

  async list(): Promise<User[]> {
    const now = this.d.clock.now();
    return (await this.d.users.list()).map((r) => toUser(r, now));
  }

  async get(id: string): Promise<User> {
    return toUser(await this.require(id), this.d.clock.now());
  }

  async getByUsername(username: string): Promise<User> {
    const row = await this.d.users.findByUsername(username);
    if (!row) throw new NotFound('utente', username);
    return toUser(row, this.d.clock.now());
  }

  async create(
    actor: AuditActor,
    input: NewUser,
    opts: { mustChangePassword?: boolean } = {},
  ): Promise<User> {
    this.assertPassword(input.password, input.username, input.displayName);
    const now = this.d.clock.now();
    const hash = await this.d.hasher.hash(input.password);
    const row: UserRow = {
      id: randomUUID(),
      username: input.username.toLowerCase(),
      display_name: input.displayName,
      email: input.email ?? null,
      role: input.role,
      password_hash: hash,
      status: 'active',
      must_change_password: opts.mustChangePassword ? 1 : 0,
      totp_secret_enc: null,
      totp_enabled: 0,
      totp_last_step: null,
      failed_logins: 0,
      locked_until: null,
      last_login_at: null,
      camera_groups: null,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    };
    await this.d.db.transaction().execute(async (tx) => {
      if (await this.d.users.findByUsername(row.username, tx)) {
        throw new Conflict(`Il nome utente ${row.username} esiste già`, 'username_taken');
      }
      await this.d.users.insert(row, tx);
      await this.d.audit.record(tx, actor, {
        action: 'user.create',
        objectType: 'user',
        objectId: row.id,
        details: { username: row.username, role: row.role, displayName: row.display_name },
      });
    });
    return toUser(row, now);
  }

  async update(actor: AuditActor, id: string, patch: UserPatch): Promise<User> {
    return this.change(actor, id, 'user.update', async (row, tx) => {
      if (patch.role && patch.role !== row.role) await this.assertNotLastAdmin(row, tx);
      const changes = {
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.cameraGroups !== undefined && {
          camera_groups:
            patch.cameraGroups === null ? null : toJson([...new Set(patch.cameraGroups)]),
        }),
      };
      await this.d.users.update(id, { ...changes, updated_at: this.d.clock.now() }, tx);
      if (patch.role && patch.role !== row.role) await this.d.sessions.deleteForUser(id, tx);
      return {
        before: {
          role: row.role,
          displayName: row.display_name,
          email: row.email,
          cameraGroups: fromJson<string[]>(row.camera_groups),
        },
        after: patch,
      };
    });
  }

  disable(actor: AuditActor, id: string): Promise<User> {
    return this.change(actor, id, 'user.disable', async (row, tx) => {
      if (actor.userId === id)
        throw new Conflict('Non è possibile disabilitare il proprio account', 'self_disable');
      await this.assertNotLastAdmin(row, tx);
      await this.d.users.update(id, { status: 'disabled', updated_at: this.d.clock.now() }, tx);
      const ended = await this.d.sessions.deleteForUser(id, tx);
      return { sessionsEnded: ended };
    });
  }

  enable(actor: AuditActor, id: string): Promise<User> {
    return this.change(actor, id, 'user.enable', async (_row, tx) => {
      await this.d.users.update(
        id,
        { status: 'active', failed_logins: 0, locked_until: null, updated_at: this.d.clock.now() },
        tx,
      );
      return {};
    });
  }

  unlock(actor: AuditActor, id: string): Promise<User> {
    return this.change(actor, id, 'user.unlock', async (_row, tx) => {
      await this.d.users.update(
        id,
        { failed_logins: 0, locked_until: null, updated_at: this.d.clock.now() },
        tx,
      );
      return {};
    });
  }

  /** Sets a temporary password; the user must change it at the next login. */
  async resetPassword(actor: AuditActor, id: string, password: string): Promise<User> {
    const existing = await this.require(id);
    this.assertPassword(password, existing.username, existing.display_name);
    const hash = await this.d.hasher.hash(password);
    return this.change(actor, id, 'user.reset_password', async (_row, tx) => {
      const now = this.d.clock.now();
      await this.d.users.update(
        id,
        {
          password_hash: hash,
          must_change_password: 1,
          failed_logins: 0,
          locked_until: null,
          password_changed_at: now,
          updated_at: now,
        },
        tx,
      );
      const ended = await this.d.sessions.deleteForUser(id, tx);
      return { sessionsEnded: ended };
    });
  }

  resetTotp(actor: AuditActor, id: string): Promise<User> {
    return this.change(actor, id, 'user.reset_totp', async (_row, tx) => {
      await this.d.users.update(
        id,
        {
          totp_enabled: 0,
          totp_secret_enc: null,
          totp_last_step: null,
          updated_at: this.d.clock.now(),
        },
        tx,
      );
      const ended = await this.d.sessions.deleteForUser(id, tx);
      return { sessionsEnded: ended };
    });
  }

  async roles(): Promise<
    { role: Role; permissions: ReturnType<typeof permissionsOf>; totpRequired: boolean }[]
  > {
    const required = await this.d.roleSettings.totpRequiredRoles();
    return ROLES.map((role) => ({
      role,
      permissions: permissionsOf(role),
      totpRequired: required.has(role),
    }));
  }

  async setTotpRequired(actor: AuditActor, role: Role, required: boolean) {
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.roleSettings.setTotpRequired(role, required, this.d.clock.now(), tx);
      await this.d.audit.record(tx, actor, {
        action: 'role.totp_required',
        objectType: 'role',
        objectId: role,
        details: { required },
      });
    });
    return { role, permissions: permissionsOf(role), totpRequired: required };
  }

  async hasActiveAdmin(): Promise<boolean> {
    return (await this.d.users.countActiveWithRole('admin')) > 0;
  }

  private assertPassword(password: string, username: string, displayName: string): void {
    const problems = passwordProblems(password, this.d.passwordPolicy, { username, displayName });
    if (problems.length > 0) throw new ValidationFailed(problems.join(' '), { password: problems });
  }

  private async assertNotLastAdmin(row: UserRow, tx: Tx): Promise<void> {
    if (
      row.role === 'admin' &&
      row.status === 'active' &&
      (await this.d.users.countActiveWithRole('admin', tx)) <= 1
    ) {
      throw new Conflict("Non è possibile togliere l'ultimo amministratore attivo", 'last_admin');
    }
  }

  private async require(id: string): Promise<UserRow> {
    const row = await this.d.users.findById(id);
    if (!row) throw new NotFound('utente', id);
    return row;
  }

  /** Runs one change to a user and its audit entry in a transaction, and returns the new state. */
  private async change(
    actor: AuditActor,
    id: string,
    action: string,
    apply: (row: UserRow, tx: Tx) => Promise<Record<string, unknown>>,
  ): Promise<User> {
    const row = await this.d.db.transaction().execute(async (tx) => {
      const current = await this.d.users.findById(id, tx);
      if (!current) throw new NotFound('utente', id);
      const details = await apply(current, tx);
      await this.d.audit.record(tx, actor, {
        action,
        objectType: 'user',
        objectId: id,
        details: { username: current.username, ...details },
      });
      return this.d.users.findById(id, tx);
    });
    if (!row) throw new NotFound('utente', id);
    return toUser(row, this.d.clock.now());
  }
}
