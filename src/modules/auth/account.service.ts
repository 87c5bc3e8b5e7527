import QRCode from 'qrcode';
import type { Clock } from '../../platform/clock.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import type { Db } from '../../platform/db/database.js';
import {
  BadRequest,
  Conflict,
  NotFound,
  Unauthorized,
  ValidationFailed,
} from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { actorOf, type AuthContext } from './auth-context.js';
import type { PasswordHasher } from './password.js';
import { passwordProblems, type PasswordPolicy } from './password-policy.js';
import type { RoleSettingsRepository } from './role-settings.repository.js';
import type { SessionRepository } from './session.repository.js';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.js';
import type { UserRepository, UserRow } from './user.repository.js';

interface Deps {
  db: Db;
  users: UserRepository;
  sessions: SessionRepository;
  roleSettings: RoleSettingsRepository;
  audit: AuditService;
  hasher: PasswordHasher;
  secrets: SecretBox;
  clock: Clock;
  passwordPolicy: PasswordPolicy;
}

/** What a user does to their own account: password change and TOTP enrolment. */
export class AccountService {
  constructor(private readonly d: Deps) {}

  async changePassword(
    auth: AuthContext,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.require(auth.userId);
    if (!(await this.d.hasher.verify(user.password_hash, currentPassword))) {
      throw new Unauthorized('La password attuale non è corretta', 'invalid_credentials');
    }
    if (currentPassword === newPassword)
      throw new ValidationFailed('La nuova password deve essere diversa da quella attuale');
    const problems = passwordProblems(newPassword, this.d.passwordPolicy, {
      username: user.username,
      displayName: user.display_name,
    });
    if (problems.length > 0) throw new ValidationFailed(problems.join(' '), { password: problems });
    const hash = await this.d.hasher.hash(newPassword);
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.users.update(
        user.id,
        { password_hash: hash, must_change_password: 0, password_changed_at: now, updated_at: now },
        tx,
      );
      // Other sessions were opened with the old password: end them, keep this one.
      const others = await this.d.sessions.deleteForUser(user.id, tx, auth.sessionId);
      await this.d.audit.record(tx, actorOf(auth), {
        action: 'account.password_change',
        objectType: 'user',
        objectId: user.id,
        details: { otherSessionsEnded: others },
      });
    });
  }

  /** Starts enrolment: a new secret is stored (sealed) but not active until a code confirms it. */
  async totpSetup(
    auth: AuthContext,
  ): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
    const user = await this.require(auth.userId);
    if (user.totp_enabled === 1)
      throw new Conflict('La verifica in due passaggi è già attiva', 'totp_already_enabled');
    const secret = newTotpSecret();
    const url = otpauthUrl(secret, user.username);
    await this.d.users.update(user.id, {
      totp_secret_enc: this.d.secrets.seal(secret),
      updated_at: this.d.clock.now(),
    });
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUrl: url, qrSvg };
  }

  async totpEnable(auth: AuthContext, code: string): Promise<void> {
    const user = await this.require(auth.userId);
    if (user.totp_enabled === 1)
      throw new Conflict('La verifica in due passaggi è già attiva', 'totp_already_enabled');
    if (!user.totp_secret_enc)
      throw new BadRequest(
        'Avviare prima la configurazione della verifica in due passaggi',
        undefined,
        'totp_not_started',
      );
    const step = matchTotp(this.d.secrets.open(user.totp_secret_enc), code, this.d.clock.now());
    if (step === null)
      throw new BadRequest('Codice di verifica non valido', undefined, 'invalid_totp');
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.users.update(
        user.id,
        { totp_enabled: 1, totp_last_step: step, updated_at: this.d.clock.now() },
        tx,
      );
      await this.d.audit.record(tx, actorOf(auth), {
        action: 'account.totp_enable',
        objectType: 'user',
        objectId: user.id,
      });
    });
  }

  async totpDisable(auth: AuthContext, password: string): Promise<void> {
    const user = await this.require(auth.userId);
    if (await this.d.roleSettings.isTotpRequired(user.role)) {
      throw new Conflict(
        'La verifica in due passaggi è obbligatoria per il proprio ruolo',
        'totp_required_by_role',
      );
    }
    if (!(await this.d.hasher.verify(user.password_hash, password))) {
      throw new Unauthorized('La password non è corretta', 'invalid_credentials');
    }
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.users.update(
        user.id,
        {
          totp_enabled: 0,
          totp_secret_enc: null,
          totp_last_step: null,
          updated_at: this.d.clock.now(),
        },
        tx,
      );
      await this.d.audit.record(tx, actorOf(auth), {
        action: 'account.totp_disable',
        objectType: 'user',
        objectId: user.id,
      });
    });
  }

  private async require(id: string): Promise<UserRow> {
    const row = await this.d.users.findById(id);
    if (!row) throw new NotFound('utente', id);
    return row;
  }
}
