import type { Clock } from '../../platform/clock.js';
import { randomToken, safeEqual, sha256Hex } from '../../platform/crypto/hash.js';
import { Conflict, Unauthorized } from '../../platform/errors.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { User } from './auth.schemas.js';
import type { RoleSettingsRepository } from './role-settings.repository.js';
import type { UsersService } from './users.service.js';

const SETUP_KEY = 'setup_token';
const SETUP_TTL_MS = 24 * 3_600_000;

/**
 * The first administrator. No default password ever exists: while no active admin exists, `serve`
 * prints a one-time link whose token (kept only as a hash) allows creating one.
 */
export class SetupService {
  constructor(
    private readonly d: { users: UsersService; roleSettings: RoleSettingsRepository; clock: Clock },
  ) {}

  async isRequired(): Promise<boolean> {
    return !(await this.d.users.hasActiveAdmin());
  }

  /** Issues a fresh one-time token (replacing any earlier one) when setup is required. */
  async issueToken(): Promise<string | null> {
    if (!(await this.isRequired())) {
      await this.d.roleSettings.deleteSetting(SETUP_KEY);
      return null;
    }
    const token = randomToken(24);
    const now = this.d.clock.now();
    await this.d.roleSettings.putSetting(
      SETUP_KEY,
      JSON.stringify({ hash: sha256Hex(token), expiresAt: now + SETUP_TTL_MS }),
      now,
    );
    return token;
  }

  async complete(
    input: { token: string; username: string; displayName: string; password: string },
    ip: string | null,
  ): Promise<User> {
    if (!(await this.isRequired()))
      throw new Conflict('La configurazione iniziale è già stata completata', 'setup_done');
    const stored = await this.d.roleSettings.getSetting(SETUP_KEY);
    const parsed = stored ? (JSON.parse(stored) as { hash: string; expiresAt: number }) : null;
    if (
      !parsed ||
      parsed.expiresAt <= this.d.clock.now() ||
      !safeEqual(parsed.hash, sha256Hex(input.token))
    ) {
      throw new Unauthorized(
        'Link di configurazione non valido o scaduto: riavviare il server per ottenerne uno nuovo',
        'invalid_setup_token',
      );
    }
    const actor: AuditActor = { userId: null, username: 'setup', ip };
    const user = await this.d.users.create(actor, { ...input, role: 'admin' });
    await this.d.roleSettings.deleteSetting(SETUP_KEY);
    return user;
  }
}
