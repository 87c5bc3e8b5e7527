import type { Kysely } from 'kysely';

// Camera visibility (C6, issue 5): cameras belong to groups; a user limited to some groups sees
// only their cameras (a partner command's operators), a user with no limit sees all of them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('cameras')
    .addColumn('groups', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('users').addColumn('camera_groups', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('camera_groups').execute();
  await db.schema.alterTable('cameras').dropColumn('groups').execute();
}
