import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test-support/databases.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { ApiClient } from '../../test-support/http-client.js';
import { totpCodeAt } from './totp.js';

const ADMIN_PW = 'Torre-Civica-2026!';
const OP_PW = 'Piazza-Prampolini-7';

describeEachDatabase('accounts and sessions', (getDb) => {
  let t: TestCore;
  let admin: ApiClient;

  beforeAll(async () => {
    t = await createTestCore(getDb());
    admin = new ApiClient(t.http.app);
  });
  afterAll(() => t.close());

  const auditActions = async () =>
    (
      await t.core.db
        .selectFrom('audit_log')
        .select(['action', 'actor_username', 'object_id'])
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  it('creates the first admin only with the one-time setup token', async () => {
    expect((await admin.get('/api/session')).body).toEqual({
      authenticated: false,
      setupRequired: true,
    });
    const token = await t.core.setup.issueToken();
    expect(token).toBeTruthy();
    const bad = await admin.post('/api/setup', {
      token: 'x'.repeat(32),
      username: 'admin',
      displayName: 'Anna Admin',
      password: ADMIN_PW,
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_setup_token');
    const weak = await admin.post('/api/setup', {
      token,
      username: 'admin',
      displayName: 'Anna Admin',
      password: 'password1',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/almeno 12 caratteri/);
    const ok = await admin.post('/api/setup', {
      token,
      username: 'Admin',
      displayName: 'Anna Admin',
      password: ADMIN_PW,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.username).toBe('admin');
    const again = await admin.post('/api/setup', {
      token,
      username: 'admin2',
      displayName: 'Altro Admin',
      password: ADMIN_PW,
    });
    expect(again.status).toBe(409);
    expect(await t.core.setup.issueToken()).toBeNull();
  });

  it('logs in, reports permissions, and writes session cookies httpOnly and SameSite=Strict', async () => {
    const res = await admin.post('/api/auth/login', { username: 'ADMIN', password: ADMIN_PW });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = await admin.refreshSession();
    expect(session.authenticated).toBe(true);
    expect(session.permissions).toContain('user.manage');
    expect(session.permissions).not.toContain('live.view');
  });

  it('requires the CSRF header for cookie-authenticated writes', async () => {
    const csrf = admin.csrf;
    admin.csrf = null;
    const res = await admin.post('/api/users', {
      username: 'mario.rossi',
      displayName: 'Mario Rossi',
      role: 'operator',
      password: OP_PW,
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('csrf_failed');
    admin.csrf = csrf;
  });

  it('lets the admin create an operator, who is refused admin routes', async () => {
    const created = await admin.post('/api/users', {
      username: 'mario.rossi',
      displayName: 'Mario Rossi',
      role: 'operator',
      password: OP_PW,
    });
    expect(created.status).toBe(201);
    const dup = await admin.post('/api/users', {
      username: 'Mario.Rossi',
      displayName: 'Mario Rossi',
      role: 'operator',
      password: OP_PW,
    });
    expect(dup.status).toBe(409);
    const op = new ApiClient(t.http.app);
    expect((await op.login('mario.rossi', OP_PW)).status).toBe(200);
    const denied = await op.get('/api/users');
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('forbidden');
    expect((await op.get('/api/audit')).status).toBe(403);
    expect(await auditActions()).toEqual(expect.arrayContaining(['user.create', 'auth.login']));
  });

  it('locks the account after repeated failures, then unlocks after the lockout time', async () => {
    const client = new ApiClient(t.http.app, '10.1.1.1');
    for (let i = 1; i <= 4; i++) {
      const res = await client.login('mario.rossi', 'wrong-password-x');
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_credentials');
    }
    const fifth = await client.login('mario.rossi', 'wrong-password-x');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error).toBe('account_locked');
    expect(fifth.headers['retry-after']).toBe('900');
    // Even the right password is refused while locked.
    expect((await client.login('mario.rossi', OP_PW)).status).toBe(423);
    const users = await admin.get<{ items: { username: string; lockedUntil: string | null }[] }>(
      '/api/users',
    );
    expect(users.body.items.find((u) => u.username === 'mario.rossi')?.lockedUntil).not.toBeNull();
    t.clock.advance(15 * 60_000 + 1000);
    expect((await client.login('mario.rossi', OP_PW)).status).toBe(200);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['auth.login_failed', 'auth.lockout']),
    );
  });

  it('answers the same for an unknown user as for a wrong password', async () => {
    const res = await new ApiClient(t.http.app).login('nessuno', 'whatever-password');
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_credentials');
  });

  it('expires idle sessions and sessions past their absolute lifetime', async () => {
    const op = new ApiClient(t.http.app);
    await op.login('mario.rossi', OP_PW);
    t.clock.advance(29 * 60_000);
    expect((await op.get('/api/session')).body.authenticated).toBe(true);
    t.clock.advance(29 * 60_000);
    expect((await op.get('/api/session')).body.authenticated).toBe(true);
    t.clock.advance(31 * 60_000);
    expect((await op.get('/api/session')).body.authenticated).toBe(false);

    const long = new ApiClient(t.http.app);
    await long.login('mario.rossi', OP_PW);
    for (let h = 0; h < 12 * 4; h++) {
      t.clock.advance(15 * 60_000);
      const s = await long.get('/api/session');
      if (!s.body.authenticated) {
        expect(h).toBe(12 * 4 - 1);
        return;
      }
    }
    throw new Error('session outlived its absolute lifetime');
  });

  it('logs out everywhere', async () => {
    const a = new ApiClient(t.http.app);
    const b = new ApiClient(t.http.app);
    await a.login('mario.rossi', OP_PW);
    await b.login('mario.rossi', OP_PW);
    expect((await a.post('/api/auth/logout-all')).status).toBe(204);
    expect((await a.get('/api/session')).body.authenticated).toBe(false);
    expect((await b.get('/api/session')).body.authenticated).toBe(false);
  });

  it('enrols TOTP, then requires the code at login and refuses a replayed code', async () => {
    const op = new ApiClient(t.http.app);
    await op.login('mario.rossi', OP_PW);
    const setup = await op.post<{ secret: string; qrSvg: string; otpauthUrl: string }>(
      '/api/me/totp/setup',
    );
    expect(setup.status).toBe(200);
    expect(setup.body.qrSvg).toMatch(/^<svg/);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Vedetta:mario\.rossi\?/);
    expect((await op.post('/api/me/totp/enable', { code: '000000' })).body.error).toBe(
      'invalid_totp',
    );
    const code = totpCodeAt(setup.body.secret, t.clock.now());
    expect((await op.post('/api/me/totp/enable', { code })).status).toBe(204);

    t.clock.advance(60_000);
    const next = new ApiClient(t.http.app);
    const first = await next.post<{ status: string; challengeId: string }>('/api/auth/login', {
      username: 'mario.rossi',
      password: OP_PW,
    });
    expect(first.body.status).toBe('totp_required');
    expect(next.hasSession).toBe(false);
    const wrong = await next.post('/api/auth/login/totp', {
      challengeId: first.body.challengeId,
      code: '123456',
    });
    expect(wrong.status).toBe(401);
    const good = totpCodeAt(setup.body.secret, t.clock.now());
    expect(
      (await next.post('/api/auth/login/totp', { challengeId: first.body.challengeId, code: good }))
        .status,
    ).toBe(200);
    expect(next.hasSession).toBe(true);

    const replay = new ApiClient(t.http.app);
    const again = await replay.post<{ challengeId: string }>('/api/auth/login', {
      username: 'mario.rossi',
      password: OP_PW,
    });
    const reused = await replay.post('/api/auth/login/totp', {
      challengeId: again.body.challengeId,
      code: good,
    });
    expect(reused.status).toBe(401);
  });

  it('forces TOTP enrolment when the role requires it', async () => {
    await admin.login('admin', ADMIN_PW); // earlier tests moved the clock past the idle timeout
    const res = await admin.request('PUT', '/api/roles/auditor/totp-required', { required: true });
    expect(res.status).toBe(200);
    await admin.post('/api/users', {
      username: 'revisore',
      displayName: 'Rita Revisore',
      role: 'auditor',
      password: OP_PW,
    });
    const aud = new ApiClient(t.http.app);
    await aud.login('revisore', OP_PW);
    const session = await aud.refreshSession();
    expect(session.restrictions).toEqual({ mustChangePassword: false, mustEnrollTotp: true });
    expect(session.user).toMatchObject({ totpEnabled: false, totpRequired: true });
    const blocked = await aud.get('/api/audit');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error).toBe('restricted_session');
    const setup = await aud.post<{ secret: string }>('/api/me/totp/setup');
    await aud.post('/api/me/totp/enable', { code: totpCodeAt(setup.body.secret, t.clock.now()) });
    expect((await aud.get('/api/audit')).status).toBe(200);
    const disable = await aud.post('/api/me/totp/disable', { password: OP_PW });
    expect(disable.body.error).toBe('totp_required_by_role');
  });

  it('makes a reset password temporary: the user must change it before anything else', async () => {
    await admin.login('admin', ADMIN_PW); // earlier tests moved the clock past the idle timeout
    const list = await admin.get<{ items: { id: string; username: string }[] }>('/api/users');
    const id = list.body.items.find((u) => u.username === 'revisore')!.id;
    expect((await admin.post(`/api/users/${id}/reset-totp`)).status).toBe(200);
    expect(
      (await admin.post(`/api/users/${id}/reset-password`, { password: 'Temporanea-Lunga-1' }))
        .status,
    ).toBe(200);
    await admin.request('PUT', '/api/roles/auditor/totp-required', { required: false });
    const aud = new ApiClient(t.http.app);
    expect((await aud.login('revisore', OP_PW)).status).toBe(401);
    await aud.login('revisore', 'Temporanea-Lunga-1');
    expect((await aud.get('/api/audit')).body.error).toBe('restricted_session');
    const same = await aud.post('/api/me/password', {
      currentPassword: 'Temporanea-Lunga-1',
      newPassword: 'Temporanea-Lunga-1',
    });
    expect(same.status).toBe(400);
    expect(
      (
        await aud.post('/api/me/password', {
          currentPassword: 'Temporanea-Lunga-1',
          newPassword: 'Nuova-Password-Sicura-9',
        })
      ).status,
    ).toBe(204);
    expect((await aud.get('/api/audit')).status).toBe(200);
  });

  it('disables an account, ending its sessions, and never disables the last admin', async () => {
    await admin.login('admin', ADMIN_PW); // earlier tests moved the clock past the idle timeout
    const list = await admin.get<{ items: { id: string; username: string }[] }>('/api/users');
    const mario = list.body.items.find((u) => u.username === 'mario.rossi')!;
    const adminId = list.body.items.find((u) => u.username === 'admin')!.id;
    const op = new ApiClient(t.http.app);
    await op.post('/api/auth/login', { username: 'mario.rossi', password: OP_PW });
    expect((await admin.post(`/api/users/${mario.id}/disable`)).body.status).toBe('disabled');
    expect((await op.get('/api/session')).body.authenticated).toBe(false);
    expect((await admin.post(`/api/users/${adminId}/disable`)).body.error).toBe('self_disable');
    expect(
      (await admin.request('PATCH', `/api/users/${adminId}`, { role: 'operator' })).body.error,
    ).toBe('last_admin');
    // The administrator has no audit.read (separation of duties): read the log as the auditor would.
    expect((await admin.get('/api/audit')).status).toBe(403);
    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        'user.create',
        'user.disable',
        'user.reset_password',
        'user.reset_totp',
      ]),
    );
    expect((await t.core.audit.verify()).ok).toBe(true);
  });
});
