import type { Db, Executor } from '../../platform/db/database.js';
import type { UsersTable } from './auth.tables.js';

export type UserRow = UsersTable;

export class UserRepository {
  constructor(private readonly db: Db) {}

  findById(id: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUsername(username: string, ex: Executor = this.db): Promise<UserRow | undefined> {
    return ex
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
  }

  list(ex: Executor = this.db): Promise<UserRow[]> {
    return ex.selectFrom('users').selectAll().orderBy('username').execute();
  }

  async insert(row: UserRow, ex: Executor = this.db): Promise<void> {
    await ex.insertInto('users').values(row).execute();
  }

  async update(
    id: string,
    patch: Partial<Omit<UserRow, 'id'>>,
    ex: Executor = this.db,
  ): Promise<void> {
    await ex.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async countActiveWithRole(role: string, ex: Executor = this.db): Promise<number> {
    const row = await ex
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', role)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
