import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { minimalPdf } from '../../test-support/pdf-fixture.js';
import { loggedIn, TEST_PASSWORD } from '../../test-support/users.js';

type Body = Record<string, unknown> & { details?: { fields?: Record<string, string> } };

const HOUR = 3_600_000;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const key = (b: Buffer) => `compliance/files/${sha(b)}.pdf`;

describeEachDatabase('compliance uploads sweep (G1)', (getDb) => {
  let t: TestCore;
  let privacy: ApiClient;

  beforeAll(async () => {
    t = await createTestCore(getDb(), { VEDETTA_DEMO: '0', VEDETTA_COMPLIANCE_MAX_PDF_MB: '1' });
    privacy = await loggedIn(t.core, t.http.app, 'dpo1', 'privacy_officer');
  });
  afterAll(() => t.close());

  const upload = async (file: Buffer) => {
    const res = await privacy.raw<Body>('POST', '/api/compliance/uploads', file, 'application/pdf');
    expect(res.status).toBe(201);
  };
  const register = (file: Buffer, kind: string, version: string) =>
    privacy.post<Body>('/api/compliance/records', {
      tool: 'cctv',
      kind,
      title: `Documento ${kind}`,
      version,
      documentDate: '2026-11-01',
      fileSha256: sha(file),
      fileName: `${kind}.pdf`,
    });
  const sweeps = () =>
    t.core.db
      .selectFrom('audit_log')
      .select(['actor_username', 'object_type', 'details'])
      .where('action', '=', 'privacy.file.sweep')
      .orderBy('seq')
      .execute();
  /** Moves the clock on; the session would have expired meanwhile, so the officer logs in again. */
  const later = async (ms: number) => {
    t.clock.advance(ms);
    expect((await privacy.login('dpo1', TEST_PASSWORD)).status).toBe(200);
  };
  const exists = (file: Buffer) => t.core.storage.exists(key(file));

  it('removes only unreferenced uploads older than 24 hours, one audit entry per sweep', async () => {
    const abandoned = minimalPdf('DPIA bozza abbandonata');
    const referenced = minimalPdf('DPIA registrata');
    const reuploaded = minimalPdf('Parere DPO caricato due volte');
    await upload(abandoned);
    await upload(referenced);
    await upload(reuploaded);
    expect((await register(referenced, 'dpia', '1.0')).status).toBe(201);

    // 23 hours later nothing is old enough: nothing removed, nothing audited.
    await later(23 * HOUR);
    await upload(reuploaded); // a new upload of the same bytes restarts its 24 hours
    expect(await t.core.compliance.service.sweepUnreferenced()).toEqual({ removed: 0 });
    expect(await sweeps()).toEqual([]);

    await later(2 * HOUR);
    expect(await t.core.compliance.service.sweepUnreferenced()).toEqual({ removed: 1 });
    expect(await exists(abandoned)).toBe(false);
    expect(await exists(referenced)).toBe(true);
    expect(await exists(reuploaded)).toBe(true);
    const [entry, ...more] = await sweeps();
    expect(more).toEqual([]);
    expect(entry?.actor_username).toBe('system');
    expect(entry?.object_type).toBe('compliance_file');
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({
      removed: 1,
      olderThanHours: 24,
      sha256: [sha(abandoned)],
    });

    // A record can no longer refer to the removed file; uploading it again brings it back.
    const late = await register(abandoned, 'signage', '1');
    expect(late.status).toBe(400);
    expect(late.body.details?.fields?.fileSha256).toMatch(/caricare/);
    await upload(abandoned);
    expect(await exists(abandoned)).toBe(true);
    expect((await register(abandoned, 'signage', '1')).status).toBe(201);

    // Two days on the re-uploaded file goes too; referenced files stay for ever.
    await later(48 * HOUR);
    expect(await t.core.compliance.service.sweepUnreferenced()).toEqual({ removed: 1 });
    expect(await exists(reuploaded)).toBe(false);
    expect(await exists(referenced)).toBe(true);
    expect(await exists(abandoned)).toBe(true);
    expect(await t.core.compliance.service.sweepUnreferenced()).toEqual({ removed: 0 });
    expect(await sweeps()).toHaveLength(2);
  });

  it('runs as the hourly job privacy.sweep_uploads', async () => {
    const stale = minimalPdf('Informativa mai registrata');
    await upload(stale);
    await later(25 * HOUR);
    for (let i = 0; i < 20; i++) {
      const started = await t.core.worker.tick();
      await t.core.worker.drain();
      if (started === 0) break;
    }
    const job = await t.core.db
      .selectFrom('jobs')
      .select(['status', 'result'])
      .where('name', '=', 'privacy.sweep_uploads')
      .execute();
    expect(job.map((j) => [j.status, JSON.parse(j.result ?? 'null') as unknown])).toContainEqual([
      'succeeded',
      { removed: 1 },
    ]);
    expect(await exists(stale)).toBe(false);
  });
});
