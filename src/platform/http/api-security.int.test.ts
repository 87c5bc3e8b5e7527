import { afterAll, beforeAll, expect, it } from 'vitest';
import { isFrameworkRoute } from '../../modules/auth/auth.hook.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { ApiClient } from '../../test-support/http-client.js';

/** The only routes anyone may call without logging in. */
const PUBLIC_ROUTES = [
  'GET /api/health',
  'GET /api/openapi.json',
  'GET /api/session',
  'POST /api/auth/login',
  'POST /api/auth/login/totp',
  'POST /api/setup',
  // A recipient of shared evidence (issue 7 §5): the link's secret, password and download key.
  'POST /api/public/shares/open',
  'GET /api/public/shares/package.zip',
  'GET /api/public/shares/file',
];

describeEachDatabase('API security', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;

  beforeAll(async () => {
    t = await createTestCore(getDb(), { VEDETTA_BODY_LIMIT_BYTES: '4096' });
    await t.core.users.create(
      { userId: null, username: 'test', ip: null },
      {
        username: 'admin',
        displayName: 'Anna Admin',
        role: 'admin',
        password: 'Torre-Civica-2026!',
      },
    );
    admin = new ApiClient(t.http.app);
    await admin.login('admin', 'Torre-Civica-2026!');
  });
  afterAll(() => t.close());

  const counts = async () => ({
    users: Number(
      (
        await t.core.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    audit: Number(
      (
        await t.core.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  it('gives every API route an access rule, and only the short list is public', () => {
    const api = t.http.routes.filter((r) => !isFrameworkRoute(r.url) && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(15);
    const missing = api.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    const publicOnes = api
      .filter((r) => r.access && 'public' in r.access)
      .map((r) => `${r.method} ${r.url}`);
    expect(publicOnes.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('answers 401 to anonymous calls of every non-public operation in the OpenAPI document', async () => {
    const doc = (
      await new ApiClient(t.http.app).get<{
        paths: Record<string, Record<string, { security?: unknown[] }>>;
      }>('/api/openapi.json')
    ).body;
    const anon = new ApiClient(t.http.app);
    let checked = 0;
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${p}`;
        if (PUBLIC_ROUTES.includes(key)) {
          expect(op.security, key).toEqual([]);
          continue;
        }
        expect(op.security, key).toEqual([{ session: [] }]);
        const url = p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const res = await anon.request(
          method.toUpperCase(),
          url,
          method === 'get' ? undefined : { anything: 1 },
        );
        expect(res.status, key).toBe(401);
        expect(res.body, key).toMatchObject({ error: 'unauthorized' });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
    // Unknown API paths are not an oracle for anonymous callers either.
    expect((await anon.get('/api/does-not-exist')).status).toBe(401);
  });

  it('refuses bad input with a 4xx and a clear message, writing nothing', async () => {
    const before = await counts();
    const malformed = await admin.request('POST', '/api/users', undefined, {
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);

    const raw = await t.http.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: {
        'content-type': 'application/json',
        cookie: (admin as unknown as { cookie: string }).cookie,
        'x-csrf-token': admin.csrf!,
      },
      payload: '{"username": "x", ',
    });
    expect(raw.statusCode).toBe(400);
    expect(raw.json()).toMatchObject({ error: 'invalid_json' });
    expect(raw.json<{ message: string }>().message).toMatch(/JSON/);

    const big = await admin.post('/api/users', {
      username: 'grande',
      displayName: 'x'.repeat(10_000),
      role: 'operator',
      password: 'Lunga-Password-123',
    });
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('payload_too_large');

    const unknownField = await admin.post('/api/users', {
      username: 'luigi',
      displayName: 'Luigi Verdi',
      role: 'operator',
      password: 'Lunga-Password-123',
      isAdmin: true,
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error).toBe('validation_failed');
    expect(String(unknownField.body.message)).toMatch(/isAdmin/);

    const wrongType = await admin.post('/api/users', {
      username: 'luigi',
      displayName: 'Luigi Verdi',
      role: 'operator',
      password: 12345678901234,
    });
    expect(wrongType.status).toBe(400);
    expect(String(wrongType.body.message)).toMatch(/password/);

    const badRole = await admin.post('/api/users', {
      username: 'luigi',
      displayName: 'Luigi Verdi',
      role: 'superuser',
      password: 'Lunga-Password-123',
    });
    expect(badRole.status).toBe(400);

    const badParam = await admin.get('/api/users/not-a-uuid');
    expect(badParam.status).toBe(400);

    const formPost = await admin.request('POST', '/api/users', undefined, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(formPost.status).toBe(415);

    expect(await counts()).toEqual(before);
  });

  it('words schema refusals in Italian, field by field, a schema’s own message first', async () => {
    const res = await admin.post('/api/users', {
      username: 'x',
      role: 'operator',
      password: 12345678901234,
      email: 'non-una-email',
      isAdmin: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    const details = res.body.details as { path: string; message: string; keyword: string }[];
    const byPath = Object.fromEntries(details.map((d) => [d.path, d]));
    expect(byPath['/username']).toMatchObject({
      keyword: 'invalid_format',
      message: 'nome utente: 3-64 caratteri tra lettere, cifre, punto, trattino e trattino basso',
    });
    expect(byPath['/displayName']).toMatchObject({
      keyword: 'invalid_type',
      message: 'Campo obbligatorio',
    });
    expect(byPath['/password']).toMatchObject({
      keyword: 'invalid_type',
      message: 'Valore non valido: atteso un testo',
    });
    expect(byPath['/email']).toMatchObject({
      keyword: 'invalid_format',
      message: 'Indirizzo di posta elettronica non valido',
    });
    expect(byPath['/']).toMatchObject({
      keyword: 'unrecognized_keys',
      message: 'Campo non previsto: isAdmin',
    });
    expect(String(res.body.message)).toMatch(/^Dati non validi \(body\): /);
    expect(String(res.body.message)).toContain('displayName: Campo obbligatorio');

    const query = await admin.get('/api/users/not-a-uuid');
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({
      error: 'validation_failed',
      details: [{ path: '/id', message: 'Identificativo non valido' }],
    });
  });

  it('sends security headers and a stable error shape for unknown API paths', async () => {
    const res = await admin.get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(res.headers['content-security-policy'])).toMatch(/default-src 'self'/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('reports health with database, storage and version', async () => {
    const res = await new ApiClient(t.http.app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { ok: true },
      storage: { ok: true, kind: 'local' },
    });
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
