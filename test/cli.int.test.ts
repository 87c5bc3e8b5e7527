import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../src/test-support/databases.js';

const BIN = fileURLToPath(new URL('../bin/vedetta.js', import.meta.url));

function vedetta(args: string[], env: Record<string, string>, input?: string) {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', VEDETTA_ARGON2_MEMORY_KIB: '8192', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describeEachDatabase('vedetta CLI', (getDb, kind) => {
  const env = () => {
    const t = getDb();
    return {
      VEDETTA_DATA_DIR: t.dir,
      DATABASE_URL: t.target.kind === 'postgres' ? t.target.url : `sqlite:${t.target.file}`,
    };
  };

  it('migrates, adds users, lists them and verifies the audit log', () => {
    expect(vedetta(['migrate'], env()).stdout).toMatch(/0001_foundation/);
    expect(vedetta(['migrate'], env()).stdout).toMatch(/già aggiornato/);
    const add = vedetta(
      [
        'user',
        'add',
        '--username',
        'admin',
        '--role',
        'admin',
        '--password',
        'Torre-Civica-2026!',
        '--name',
        'Anna Admin',
      ],
      env(),
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const fromStdin = vedetta(
      ['user', 'add', '--username', 'op1', '--role', 'operator', '--password', '-'],
      env(),
      'Piazza-Prampolini-7\n',
    );
    expect(fromStdin.code).toBe(0);
    const weak = vedetta(
      ['user', 'add', '--username', 'op2', '--role', 'operator', '--password', 'corta'],
      env(),
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/almeno 12 caratteri/);
    const badRole = vedetta(
      ['user', 'add', '--username', 'op2', '--role', 'capo', '--password', 'Piazza-Prampolini-7'],
      env(),
    );
    expect(badRole.code).toBe(1);
    const list = JSON.parse(vedetta(['user', 'list', '--json'], env()).stdout) as {
      username: string;
      role: string;
    }[];
    expect(list.map((u) => [u.username, u.role])).toEqual([
      ['admin', 'admin'],
      ['op1', 'operator'],
    ]);
    expect(vedetta(['user', 'disable', 'op1'], env()).code).toBe(0);
    expect(
      vedetta(['user', 'reset-password', 'op1', '--password', 'Nuova-Password-Sicura-9'], env())
        .code,
    ).toBe(0);
    expect(vedetta(['user', 'disable', 'nessuno'], env()).stderr).toMatch(
      /utente nessuno inesistente/,
    );
    const ok = vedetta(['audit', 'verify'], env());
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/integro: 4 voci/);
  });

  it('fails audit verify naming the entry after a row is altered in the database', async () => {
    const t = getDb();
    if (t.target.kind === 'sqlite') {
      const raw = new SQLite(t.target.file);
      raw.exec('drop trigger audit_log_no_update');
      raw.prepare("update audit_log set actor_username = 'qualcun altro' where seq = 2").run();
      raw.close();
    } else {
      const client = new pg.Client({ connectionString: t.target.url });
      await client.connect();
      await client.query('alter table audit_log disable trigger user');
      await client.query('update audit_log set details = \'{"role":"admin"}\' where seq = 2');
      await client.end();
    }
    const res = vedetta(['audit', 'verify'], env());
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/ALTERATO alla voce 2/);
    const json = JSON.parse(vedetta(['audit', 'verify', '--json'], env()).stdout) as {
      ok: boolean;
      firstBadSeq: number;
    };
    expect(json).toMatchObject({ ok: false, firstBadSeq: 2, checked: 1 });
    expect(kind).toBeDefined();
  });
});

it('refuses to start on bad configuration with a clear message', () => {
  const res = vedetta(['serve'], { VEDETTA_PORT: 'ottanta', VEDETTA_DATA_DIR: '/tmp/never-used' });
  expect(res.code).toBe(78);
  expect(res.stderr).toMatch(/VEDETTA_PORT/);
  const url = vedetta(['migrate'], { DATABASE_URL: 'mysql://x' });
  expect(url.code).toBe(78);
  expect(url.stderr).toMatch(/DATABASE_URL/);
});
