import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { loggedIn } from '../../test-support/users.js';

describeEachDatabase('user preferences', (getDb) => {
  let t: TestCore;
  let anna: ApiClient;
  let bruno: ApiClient;

  beforeAll(async () => {
    t = await createTestCore(getDb(), { VEDETTA_DEMO: '0' });
    anna = await loggedIn(t.core, t.http.app, 'anna', 'operator');
    bruno = await loggedIn(t.core, t.http.app, 'bruno', 'operator');
  });
  afterAll(() => t.close());

  it('keeps each user’s live wall apart, validated', async () => {
    expect((await anna.get('/api/me/preferences/live.wall')).body).toEqual({
      key: 'live.wall',
      value: null,
    });
    const wall = { layout: '2x2', cameras: [randomUUID(), null, randomUUID(), null] };
    const saved = await anna.request('PUT', '/api/me/preferences/live.wall', { value: wall });
    expect(saved.status).toBe(200);
    expect((await anna.get('/api/me/preferences/live.wall')).body.value).toEqual(wall);
    expect((await bruno.get('/api/me/preferences/live.wall')).body.value).toBeNull();
    const again = { ...wall, layout: '3x3' };
    await anna.request('PUT', '/api/me/preferences/live.wall', { value: again });
    expect((await anna.get('/api/me/preferences/live.wall')).body.value).toEqual(again);

    const bad = await anna.request('PUT', '/api/me/preferences/live.wall', {
      value: { layout: '5x5', cameras: [] },
    });
    expect(bad.status).toBe(400);
    expect((await anna.get('/api/me/preferences/theme')).status).toBe(400);
  });
});
