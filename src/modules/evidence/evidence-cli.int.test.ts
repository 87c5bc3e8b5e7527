import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase, type TestDatabase } from '../../test-support/databases.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import { indexSegment, makeRecordedSegments } from './testing/recorded-segments.js';

const BIN = fileURLToPath(new URL('../../../bin/vedetta.js', import.meta.url));

/** Runs the built CLI (asynchronously: the test's own server core keeps serving meanwhile). */
function vedetta(args: string[], db: TestDatabase) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        VEDETTA_DATA_DIR: db.dir,
        DATABASE_URL: db.target.kind === 'postgres' ? db.target.url : `sqlite:${db.target.file}`,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describeEachDatabase('vedetta acquire and verify', (getDb) => {
  let t: TestCore;
  let base: number;

  beforeAll(async () => {
    const db = getDb();
    // The "server": a core on the same database and data folder, open while the CLI runs.
    t = await createTestCore(db, { VEDETTA_DEMO: '0' }, { realClock: true });
    const camera = await t.core.cameras.create(SYSTEM_ACTOR, {
      code: 'CAM-CLI',
      name: 'Viale Piave',
      address: 'Viale Piave, Reggio Emilia',
      latitude: null,
      longitude: null,
      mainUrl: 'rtsp://10.0.0.9/x',
      subUrl: null,
      purpose: 'viabilita',
      retentionDays: 3,
      retentionReason: null,
      enabled: true,
      notes: '',
      dpiaRef: '',
      groups: [],
    });
    const segments = await makeRecordedSegments({
      dir: path.join(db.dir, 'clips'),
      seconds: 20,
      segmentSeconds: 10,
    });
    base = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
    for (const [i, seg] of segments.entries()) {
      await indexSegment(t.core.db, t.core.storage, camera.id, base + i * 10_000, 10_000, seg);
    }
  });
  afterAll(() => t.close());

  it('acquires from the shell into a verified package, audited as cli:<user>, and verify names a flipped byte', async () => {
    const db = getDb();
    const out = path.join(db.dir, 'out');
    const res = await vedetta(
      [
        'acquire',
        '--camera',
        'cam-cli',
        '--from',
        new Date(base + 3000).toISOString(),
        '--to',
        new Date(base + 15_000).toISOString(),
        '--reason',
        'Sinistro stradale, richiesta della Polizia Stradale',
        '--out',
        out,
      ],
      db,
    );
    expect(res.stderr + res.stdout).toMatch(/reperto AQ-\d{4}-\d{6} registrato/);
    expect(res.code).toBe(0);
    const [number] = await readdir(out);
    const pkg = path.join(out, number as string);
    expect((await readdir(pkg)).sort()).toEqual(
      [
        'LEGGIMI.txt',
        'SHA256SUMS',
        'clip',
        'manifest.json',
        'manifest.sig',
        'originali',
        'public-key.pem',
        'verbale.pdf',
      ].sort(),
    );
    const manifest = JSON.parse(await readFile(path.join(pkg, 'manifest.json'), 'utf8')) as {
      operator: { username: string };
    };
    expect(manifest.operator.username).toMatch(/^cli:/);
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'actor_username'])
      .where('action', 'in', ['evidence.acquire', 'evidence.download'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['evidence.acquire', 'evidence.download']);
    expect(audit.every((a) => a.actor_username?.startsWith('cli:'))).toBe(true);

    const ok = await vedetta(['verify', pkg], db);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/integro/);

    const manifestFile = path.join(pkg, 'manifest.json');
    const bytes = await readFile(manifestFile);
    bytes[30] = (bytes[30] ?? 0) ^ 0x01;
    await writeFile(manifestFile, bytes);
    const bad = await vedetta(['verify', pkg], db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/manifest.json: impronta SHA-256 diversa/);
    expect(bad.stderr).toMatch(/firma di manifest.json NON valida/);

    const missing = await vedetta(
      [
        'acquire',
        '--camera',
        'NOPE',
        '--from',
        new Date(base).toISOString(),
        '--to',
        new Date(base + 5000).toISOString(),
        '--reason',
        'Verifica di un furto',
        '--out',
        out,
      ],
      db,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/NOPE inesistente/);
  });
});
