import type { Db, Executor } from '../../platform/db/database.js';

/** Per-role settings (mandatory TOTP) and the one-time setup token, both small key rows. */
export class RoleSettingsRepository {
  constructor(private readonly db: Db) {}

  async totpRequiredRoles(ex: Executor = this.db): Promise<Set<string>> {
    const rows = await ex
      .selectFrom('role_settings')
      .select('role')
      .where('totp_required', '=', 1)
      .execute();
    return new Set(rows.map((r) => r.role));
  }

  async isTotpRequired(role: string, ex: Executor = this.db): Promise<boolean> {
    const row = await ex
      .selectFrom('role_settings')
      .select('totp_required')
      .where('role', '=', role)
      .executeTakeFirst();
    return row?.totp_required === 1;
  }

  async setTotpRequired(
    role: string,
    required: boolean,
    at: number,
    ex: Executor = this.db,
  ): Promise<void> {
    await ex
      .insertInto('role_settings')
      .values({ role, totp_required: required ? 1 : 0, updated_at: at })
      .onConflict((oc) =>
        oc.column('role').doUpdateSet({ totp_required: required ? 1 : 0, updated_at: at }),
      )
      .execute();
  }

  async getSetting(key: string, ex: Executor = this.db): Promise<string | undefined> {
    const row = await ex
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  async putSetting(key: string, value: string, at: number, ex: Executor = this.db): Promise<void> {
    await ex
      .insertInto('settings')
      .values({ key, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
  }

  async deleteSetting(key: string, ex: Executor = this.db): Promise<void> {
    await ex.deleteFrom('settings').where('key', '=', key).execute();
  }
}
