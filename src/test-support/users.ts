import type { Core } from '../app.js';
import { SYSTEM_ACTOR } from '../modules/audit/audit.types.js';
import type { Role } from '../modules/auth/permissions.js';
import type { App } from '../platform/http/server.js';
import { ApiClient } from './http-client.js';

export const TEST_PASSWORD = 'Ghirlandina-Torre-2026';

/** Creates a user with a role and returns an API client logged in as that user. */
export async function loggedIn(
  core: Core,
  app: App,
  username: string,
  role: Role,
): Promise<ApiClient> {
  await core.users.create(SYSTEM_ACTOR, {
    username,
    displayName: `Test ${username}`,
    role,
    password: TEST_PASSWORD,
  });
  const client = new ApiClient(app);
  const res = await client.login(username, TEST_PASSWORD);
  if (res.status !== 200)
    throw new Error(`login of ${username} failed: ${JSON.stringify(res.body)}`);
  return client;
}
