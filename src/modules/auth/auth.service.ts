import { randomUUID } from 'node:crypto';
import { fromJson } from '../../platform/db/database.js';
import type { Clock } from '../../platform/clock.js';
import { randomToken, sha256Hex } from '../../platform/crypto/hash.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import type { Db } from '../../platform/db/database.js';
import { Forbidden, Locked, TooManyRequests, Unauthorized } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { LoginBody, LoginResult, SessionInfo } from './auth.schemas.js';
import { actorOf, type AuthContext } from './auth-context.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PasswordHasher } from './password.js';
import { permissionsOf, RoleSchema } from './permissions.js';
import type { RoleSettingsRepository } from './role-settings.repository.js';
import type { SessionRepository } from './session.repository.js';
import { matchTotp } from './totp.js';
import type { UserRepository, UserRow } from './user.repository.js';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
  maxFailures: number;
  lockoutMinutes: number;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface IssuedSession {
  token: string;
  expiresAt: number;
}

const CHALLENGE_TTL_MS = 5 * 60_000;
const CHALLENGE_MAX_ATTEMPTS = 5;
// Writing last_seen_at on every request would turn every read into a write.
const TOUCH_EVERY_MS = 30_000;

interface Deps {
  db: Db;
  users: UserRepository;
  sessions: SessionRepository;
  roleSettings: RoleSettingsRepository;
  audit: AuditService;
  hasher: PasswordHasher;
  secrets: SecretBox;
  throttle: LoginThrottle;
  clock: Clock;
  policy: SessionPolicy;
}

/** Login, TOTP second step, sessions with idle and absolute expiry, lockout. */
export class AuthService {
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly d: Deps) {}

  async login(
    body: LoginBody,
    client: ClientInfo,
  ): Promise<{ result: LoginResult; session?: IssuedSession }> {
    const now = this.d.clock.now();
    this.throttle(client, now);
    const username = body.username.trim().toLowerCase();
    const user = await this.d.users.findByUsername(username);
    const actor: AuditActor = { userId: user?.id ?? null, username, ip: client.ip };

    if (!user) {
      // Spend the same time as a real check so response times do not reveal which accounts exist.
      await this.d.hasher.verify(await this.getDummyHash(), body.password);
      await this.d.audit.recordAlone(actor, {
        action: 'auth.login_failed',
        details: { cause: 'unknown_user' },
      });
      throw new Unauthorized('Nome utente o password non corretti', 'invalid_credentials');
    }
    this.assertNotLocked(user, now);

    const passwordOk = await this.d.hasher.verify(user.password_hash, body.password);
    if (!passwordOk) {
      await this.registerFailure(user, actor, now, 'wrong_password');
      throw new Unauthorized('Nome utente o password non corretti', 'invalid_credentials');
    }
    if (user.status !== 'active') {
      await this.d.audit.recordAlone(actor, {
        action: 'auth.login_failed',
        objectType: 'user',
        objectId: user.id,
        details: { cause: 'disabled' },
      });
      throw new Forbidden(
        "L'account è disabilitato. Rivolgersi all'amministratore di sistema.",
        'account_disabled',
      );
    }

    if (user.totp_enabled === 1) {
      const challenge = randomToken(24);
      await this.d.db.transaction().execute(async (tx) => {
        await this.d.users.update(user.id, { failed_logins: 0 }, tx);
        await this.d.sessions.insertChallenge(
          {
            id: sha256Hex(challenge),
            user_id: user.id,
            attempts: 0,
            created_at: now,
            expires_at: now + CHALLENGE_TTL_MS,
          },
          tx,
        );
        await this.d.audit.record(tx, actor, {
          action: 'auth.password_ok',
          objectType: 'user',
          objectId: user.id,
          details: { next: 'totp' },
        });
      });
      return { result: { status: 'totp_required', challengeId: challenge } };
    }
    const session = await this.openSession(user, client, now, 'password');
    return { result: { status: 'ok' }, session };
  }

  async loginTotp(challengeId: string, code: string, client: ClientInfo): Promise<IssuedSession> {
    const now = this.d.clock.now();
    this.throttle(client, now);
    const challenge = await this.d.sessions.findChallenge(sha256Hex(challengeId));
    if (!challenge || challenge.expires_at <= now || challenge.attempts >= CHALLENGE_MAX_ATTEMPTS) {
      throw new Unauthorized("Verifica scaduta: ripetere l'accesso", 'challenge_expired');
    }
    const user = await this.d.users.findById(challenge.user_id);
    if (!user || user.status !== 'active' || user.totp_enabled !== 1 || !user.totp_secret_enc) {
      throw new Unauthorized("Verifica scaduta: ripetere l'accesso", 'challenge_expired');
    }
    this.assertNotLocked(user, now);
    const actor: AuditActor = { userId: user.id, username: user.username, ip: client.ip };
    const step = matchTotp(this.d.secrets.open(user.totp_secret_enc), code, now);
    if (step === null || (user.totp_last_step !== null && step <= user.totp_last_step)) {
      await this.d.sessions.bumpChallenge(challenge.id);
      await this.registerFailure(user, actor, now, step === null ? 'wrong_totp' : 'totp_replay');
      throw new Unauthorized('Codice di verifica non valido', 'invalid_totp');
    }
    await this.d.sessions.deleteChallenge(challenge.id);
    await this.d.users.update(user.id, { totp_last_step: step });
    return this.openSession(user, client, now, 'password+totp');
  }

  /** Resolves a session cookie to its caller, enforcing idle and absolute expiry. */
  async authenticate(token: string, ip: string | null): Promise<AuthContext | null> {
    if (token.length < 20 || token.length > 200) return null;
    const now = this.d.clock.now();
    const id = sha256Hex(token);
    const session = await this.d.sessions.find(id);
    if (!session) return null;
    const idleMs = this.d.policy.idleMinutes * 60_000;
    if (session.expires_at <= now || session.last_seen_at + idleMs <= now) {
      await this.d.sessions.delete(id);
      return null;
    }
    const user = await this.d.users.findById(session.user_id);
    if (!user || user.status !== 'active') {
      await this.d.sessions.delete(id);
      return null;
    }
    if (now - session.last_seen_at >= TOUCH_EVERY_MS) await this.d.sessions.touch(id, now);
    const role = RoleSchema.parse(user.role);
    const totpRequired = await this.d.roleSettings.isTotpRequired(role);
    return {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      email: user.email,
      totpEnabled: user.totp_enabled === 1,
      totpRequired,
      role,
      permissions: new Set(permissionsOf(role)),
      sessionId: id,
      csrfToken: session.csrf_token,
      expiresAt: Math.min(session.expires_at, now + idleMs),
      ip,
      restrictions: {
        mustChangePassword: user.must_change_password === 1,
        mustEnrollTotp: totpRequired && user.totp_enabled !== 1,
      },
      cameraGroups: fromJson<string[]>(user.camera_groups),
    };
  }

  async sessionInfo(
    auth: AuthContext | null,
    setupRequired: () => Promise<boolean>,
  ): Promise<SessionInfo> {
    if (!auth) return { authenticated: false, setupRequired: await setupRequired() };
    return {
      authenticated: true,
      user: {
        id: auth.userId,
        username: auth.username,
        displayName: auth.displayName,
        role: auth.role,
        email: auth.email,
        totpEnabled: auth.totpEnabled,
        totpRequired: auth.totpRequired,
      },
      permissions: [...auth.permissions].sort(),
      csrfToken: auth.csrfToken,
      restrictions: auth.restrictions,
      expiresAt: new Date(auth.expiresAt).toISOString(),
    };
  }

  async logout(auth: AuthContext): Promise<void> {
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.sessions.delete(auth.sessionId, tx);
      await this.d.audit.record(tx, actorOf(auth), {
        action: 'auth.logout',
        objectType: 'user',
        objectId: auth.userId,
      });
    });
  }

  /** "Log out everywhere": ends every session of the caller, this one included. */
  async logoutEverywhere(auth: AuthContext): Promise<number> {
    return this.d.db.transaction().execute(async (tx) => {
      const ended = await this.d.sessions.deleteForUser(auth.userId, tx);
      await this.d.audit.record(tx, actorOf(auth), {
        action: 'auth.logout_all',
        objectType: 'user',
        objectId: auth.userId,
        details: { sessionsEnded: ended },
      });
      return ended;
    });
  }

  /** Deletes expired sessions and login challenges (run by a periodic job). */
  purgeExpired(): Promise<number> {
    return this.d.sessions.deleteExpired(this.d.clock.now(), this.d.policy.idleMinutes * 60_000);
  }

  private async openSession(
    user: UserRow,
    client: ClientInfo,
    now: number,
    method: string,
  ): Promise<IssuedSession> {
    const token = randomToken(32);
    const expiresAt = now + this.d.policy.maxHours * 3_600_000;
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.sessions.insert(
        {
          id: sha256Hex(token),
          user_id: user.id,
          csrf_token: randomToken(24),
          created_at: now,
          last_seen_at: now,
          expires_at: expiresAt,
          ip: client.ip,
          user_agent: client.userAgent?.slice(0, 300) ?? null,
        },
        tx,
      );
      await this.d.users.update(
        user.id,
        { failed_logins: 0, locked_until: null, last_login_at: now },
        tx,
      );
      await this.d.audit.record(
        tx,
        { userId: user.id, username: user.username, ip: client.ip },
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
          details: { method, userAgent: client.userAgent?.slice(0, 200) ?? null },
        },
      );
    });
    return { token, expiresAt };
  }

  private throttle(client: ClientInfo, now: number): void {
    const wait = this.d.throttle.hit(client.ip ?? 'unknown', now);
    if (wait > 0) {
      throw new TooManyRequests(
        `Troppi tentativi di accesso da questo indirizzo. Riprovare tra ${wait} secondi.`,
        wait,
      );
    }
  }

  private assertNotLocked(user: UserRow, now: number): void {
    if (user.locked_until !== null && user.locked_until > now) {
      const seconds = Math.ceil((user.locked_until - now) / 1000);
      throw new Locked(lockedMessage(user.locked_until), seconds);
    }
  }

  private async registerFailure(
    user: UserRow,
    actor: AuditActor,
    now: number,
    cause: string,
  ): Promise<void> {
    const failures = user.failed_logins + 1;
    const lock = failures >= this.d.policy.maxFailures;
    const lockedUntil = now + this.d.policy.lockoutMinutes * 60_000;
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.users.update(
        user.id,
        lock ? { failed_logins: 0, locked_until: lockedUntil } : { failed_logins: failures },
        tx,
      );
      await this.d.audit.record(tx, actor, {
        action: 'auth.login_failed',
        objectType: 'user',
        objectId: user.id,
        details: { cause, failures },
      });
      if (lock) {
        await this.d.audit.record(tx, actor, {
          action: 'auth.lockout',
          objectType: 'user',
          objectId: user.id,
          details: { until: new Date(lockedUntil).toISOString(), failures },
        });
      }
    });
    if (lock) throw new Locked(lockedMessage(lockedUntil), Math.ceil((lockedUntil - now) / 1000));
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.d.hasher.hash(randomUUID());
    return this.dummyHash;
  }
}

function lockedMessage(until: number): string {
  const time = new Intl.DateTimeFormat('it-IT', {
    timeZone: 'Europe/Rome',
    hour: '2-digit',
    minute: '2-digit',
  }).format(until);
  return `Account bloccato per troppi tentativi falliti fino alle ${time}.`;
}
