import { createHash } from 'node:crypto';
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import { createTestCore, type TestCore } from '../../test-support/core.js';
import { describeEachDatabase, type TestDatabase } from '../../test-support/databases.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { TEST_PASSWORD } from '../../test-support/users.js';
import { formatMetadata } from './uploads/tus-protocol.js';

const ENV = { VEDETTA_DEMO: '0', VEDETTA_BODYCAM_STABLE_SECONDS: '0' };
const MB = 1024 * 1024;

interface Session {
  base: string;
  cookie: string;
  csrf: string;
}

/** A server listening on a free port, as a docking PC sees it. */
async function serve(
  db: TestDatabase,
  freeBytes?: () => Promise<number | null>,
): Promise<{ t: TestCore; base: string }> {
  const t = await createTestCore(db, ENV, { realClock: true, ...(freeBytes && { freeBytes }) });
  await t.http.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.http.app.server.address() as AddressInfo;
  return { t, base: `http://127.0.0.1:${port}` };
}

/** Signs in over HTTP like the dock PC's uploader: session cookie plus CSRF token. */
async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const s = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as {
    csrfToken: string;
  };
  return { base, cookie, csrf: s.csrfToken };
}

const auth = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

function upload(
  s: Session,
  data: Buffer,
  meta: Record<string, string>,
  opts: Partial<tus.UploadOptions> = {},
): { upload: tus.Upload; done: Promise<string> } {
  let up!: tus.Upload;
  const done = new Promise<string>((resolve, reject) => {
    up = new tus.Upload(data, {
      endpoint: `${s.base}/api/bodycams/uploads`,
      headers: auth(s),
      metadata: meta,
      chunkSize: MB,
      retryDelays: [],
      storeFingerprintForResuming: false,
      onSuccess: () => resolve(up.url ?? ''),
      onError: reject,
      ...opts,
    });
  });
  return { upload: up, done };
}

async function tusHead(s: Session, url: string): Promise<Response> {
  return fetch(url, { method: 'HEAD', headers: { ...auth(s), 'tus-resumable': '1.0.0' } });
}

describeEachDatabase('bodycam resumable upload (tus) with a real tus client', (getDb) => {
  let t: TestCore;
  let base: string;
  let dock: Session;
  let video: Buffer;
  /** The disk's free space as the server reads it: the real one unless a test models it. */
  let disk: (() => number | null) | undefined;
  const freeBytes = async () => (disk ? disk() : (await t.core.storage.health()).freeBytes);

  const createUser = (username: string, role: 'commander' | 'officer' | 'admin') =>
    t.core.users.create(SYSTEM_ACTOR, {
      username,
      displayName: `Test ${username}`,
      role,
      password: TEST_PASSWORD,
    });

  beforeAll(async () => {
    ({ t, base } = await serve(getDb(), freeBytes));
    await createUser('dock-comando', 'commander');
    dock = await login(base, 'dock-comando');
    const clip = await makeTestClip({ dir: path.join(getDb().dir, 'fixtures'), seconds: 2 });
    // A real MP4 followed by filler, so that the upload takes several chunks.
    video = Buffer.concat([await readFile(clip), Buffer.alloc(5 * MB + 12345, 9)]);
  });
  afterAll(() => t?.close());

  /** Runs due jobs until none is left (recurring jobs may take the worker's slots first). */
  const ingestJobs = async () => {
    for (let i = 0; i < 20; i++) {
      const started = await t.core.worker.tick();
      await t.core.worker.drain();
      if (started === 0) return;
    }
  };

  it('uploads in chunks, is aborted mid-upload, resumes from HEAD’s offset across a server restart, and is ingested like a dock file', async () => {
    const sha = createHash('sha256').update(video).digest('hex');
    const meta = { filename: 'VID_20261123_0800.MP4', serial: 'BC-TUS-01' };
    let first!: tus.Upload;
    const aborted = new Promise<void>((resolve, reject) => {
      const u = upload(dock, video, meta, {
        onChunkComplete: (_chunk, sent) => {
          if (sent >= 2 * MB) {
            void first.abort().then(resolve, reject);
          }
        },
      });
      first = u.upload;
      u.done.catch(reject);
      first.start();
    });
    await aborted;
    const url = first.url ?? '';
    expect(url).toMatch(/\/api\/bodycams\/uploads\/[0-9a-f]{32}$/);
    const head1 = await tusHead(dock, url);
    expect(head1.status).toBe(200);
    expect(head1.headers.get('tus-resumable')).toBe('1.0.0');
    expect(head1.headers.get('upload-length')).toBe(String(video.length));
    expect(head1.headers.get('upload-expires')).toMatch(/GMT$/);
    const offset1 = Number(head1.headers.get('upload-offset'));
    expect(offset1).toBeGreaterThanOrEqual(2 * MB);
    expect(offset1).toBeLessThan(video.length);

    // Resume from HEAD's offset with a new client, then stop after one more chunk.
    const id = url.slice(url.lastIndexOf('/') + 1);
    let second!: tus.Upload;
    const resumedOnce = new Promise<number>((resolve, reject) => {
      const u = upload(dock, video, meta, {
        uploadUrl: url,
        onChunkComplete: (_chunk, sent) => {
          void second.abort().then(() => resolve(sent), reject);
        },
      });
      second = u.upload;
      u.done.catch(reject);
      second.start();
    });
    const sentBeforeRestart = await resumedOnce;
    expect(sentBeforeRestart).toBeGreaterThan(offset1);

    // Server restart between chunks: the upload's state is in the database and on disk.
    await t.close();
    ({ t, base } = await serve(getDb(), freeBytes));
    dock = { ...dock, base };
    const newUrl = `${base}/api/bodycams/uploads/${id}`;
    const head2 = await tusHead(dock, newUrl);
    expect(head2.status).toBe(200);
    expect(Number(head2.headers.get('upload-offset'))).toBe(sentBeforeRestart);

    const last = upload(dock, video, meta, { uploadUrl: newUrl });
    last.upload.start();
    await last.done;
    const head3 = await tusHead(dock, newUrl);
    expect(Number(head3.headers.get('upload-offset'))).toBe(video.length);

    // Handed to the dock's pipeline through a durable job.
    await ingestJobs();
    const list = await fetch(`${base}/api/bodycams/uploads`, { headers: auth(dock) });
    const items = ((await list.json()) as { items: Array<Record<string, unknown>> }).items;
    const mine = items.find((i) => i.id === id);
    expect(mine).toMatchObject({ status: 'done', outcome: 'ingested', offset: video.length });
    const clip = await t.core.db
      .selectFrom('bodycam_clips')
      .selectAll()
      .where('id', '=', String(mine?.clipId))
      .executeTakeFirstOrThrow();
    expect(clip).toMatchObject({
      sha256: sha,
      bytes: video.length,
      source: 'upload',
      device_serial: 'BC-TUS-01',
      original_name: 'VID_20261123_0800.MP4',
    });
    const stored = await readFile(t.core.storage.localPath(clip.storage_key) ?? '');
    expect(createHash('sha256').update(stored).digest('hex')).toBe(sha);
    // The upload's own bytes are gone once ingested.
    expect(await readdir(path.join(getDb().dir, 'uploads', 'bodycam'))).toEqual([]);
    const actions = (
      await t.core.db
        .selectFrom('audit_log')
        .select(['action'])
        .where('action', 'like', 'bodycam.%')
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'bodycam.upload.create',
        'bodycam.upload.complete',
        'bodycam.ingest',
      ]),
    );

    // The same file again is recognized as a duplicate and its upload removed.
    const again = upload(dock, video, meta);
    again.upload.start();
    const againUrl = await again.done;
    await ingestJobs();
    const againId = againUrl.slice(againUrl.lastIndexOf('/') + 1);
    const row = await t.core.db
      .selectFrom('bodycam_uploads')
      .selectAll()
      .where('id', '=', againId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', outcome: 'duplicate', clip_id: clip.id });
  });

  it('refuses bad input with tus status codes and stable errors', async () => {
    const endpoint = `${base}/api/bodycams/uploads`;
    const tusHeaders = { ...auth(dock), 'tus-resumable': '1.0.0' };
    const metadata = formatMetadata({ filename: 'A.mp4', serial: 'BC-TUS-02' });
    const create = (h: Record<string, string>) =>
      fetch(endpoint, { method: 'POST', headers: { ...tusHeaders, ...h } });

    const options = await fetch(endpoint, { method: 'OPTIONS', headers: auth(dock) });
    expect(options.status).toBe(204);
    expect(options.headers.get('tus-version')).toBe('1.0.0');
    expect(options.headers.get('tus-extension')).toContain('creation');
    expect(options.headers.get('tus-extension')).toContain('termination');
    expect(options.headers.get('tus-checksum-algorithm')).toBe('sha256');

    // Anonymous, without CSRF, without the right permission.
    expect((await fetch(endpoint, { method: 'POST' })).status).toBe(401);
    const noCsrf = await fetch(endpoint, {
      method: 'POST',
      headers: { cookie: dock.cookie, 'tus-resumable': '1.0.0', 'upload-length': '10' },
    });
    expect(noCsrf.status).toBe(403);
    await createUser('agente-tus', 'officer');
    const officer = await login(base, 'agente-tus');
    const denied = await fetch(endpoint, {
      method: 'POST',
      headers: {
        ...auth(officer),
        'tus-resumable': '1.0.0',
        'upload-length': '10',
        'upload-metadata': metadata,
      },
    });
    expect(denied.status).toBe(403);

    // Missing headers: 412 without Tus-Resumable, 400 without Upload-Length or metadata.
    const noVersion = await fetch(endpoint, {
      method: 'POST',
      headers: { ...auth(dock), 'upload-length': '10', 'upload-metadata': metadata },
    });
    expect(noVersion.status).toBe(412);
    expect(noVersion.headers.get('tus-version')).toBe('1.0.0');
    const noLength = await create({ 'upload-metadata': metadata });
    expect(noLength.status).toBe(400);
    expect(((await noLength.json()) as { error: string }).error).toBe('upload_length_missing');
    const noSerial = await create({
      'upload-length': '10',
      'upload-metadata': formatMetadata({ filename: 'A.mp4' }),
    });
    expect(noSerial.status).toBe(400);
    expect(((await noSerial.json()) as { error: string }).error).toBe('upload_metadata_invalid');
    const notVideo = await create({
      'upload-length': '10',
      'upload-metadata': formatMetadata({ filename: 'A.exe', serial: 'BC-1' }),
    });
    expect(((await notVideo.json()) as { error: string }).error).toBe('upload_not_video');
    // A bidi override would make the name read as another extension in the register.
    const bidi = await create({
      'upload-length': '10',
      'upload-metadata': formatMetadata({ filename: 'x\u202Egpj.mp4', serial: 'BC-1' }),
    });
    expect(bidi.status).toBe(400);
    expect(await bidi.json()).toMatchObject({
      error: 'upload_metadata_invalid',
      message: expect.stringContaining('U+202E') as unknown,
    });

    // Too large: over the limit at creation, and more bytes than declared in a PATCH.
    const huge = await create({
      'upload-length': String(17 * 1024 ** 3),
      'upload-metadata': metadata,
    });
    expect(huge.status).toBe(413);
    const created = await create({ 'upload-length': '1000', 'upload-metadata': metadata });
    expect(created.status).toBe(201);
    const url = `${base}${created.headers.get('location') ?? ''}`;
    const patch = (offset: number, body: Buffer, h: Record<string, string> = {}) =>
      fetch(url, {
        method: 'PATCH',
        headers: {
          ...tusHeaders,
          'content-type': 'application/offset+octet-stream',
          'upload-offset': String(offset),
          ...h,
        },
        body,
      });
    const tooMuch = await patch(0, Buffer.alloc(1001, 1));
    expect(tooMuch.status).toBe(413);
    expect(((await tooMuch.json()) as { error: string }).error).toBe('upload_too_large');

    // Wrong offset: 409; wrong content type: 415; missing Upload-Offset: 400.
    expect((await patch(0, Buffer.alloc(100, 1))).status).toBe(204);
    const wrong = await patch(0, Buffer.alloc(100, 1));
    expect(wrong.status).toBe(409);
    expect(((await wrong.json()) as { error: string }).error).toBe('upload_offset_mismatch');
    expect((await patch(100, Buffer.alloc(10), { 'content-type': 'text/plain' })).status).toBe(415);
    const noOffset = await fetch(url, {
      method: 'PATCH',
      headers: { ...tusHeaders, 'content-type': 'application/offset+octet-stream' },
      body: Buffer.alloc(10),
    });
    expect(noOffset.status).toBe(400);

    // Checksum extension: a wrong sha256 is refused (460) and nothing is kept.
    const chunk = Buffer.alloc(200, 3);
    const goodSum = `sha256 ${createHash('sha256').update(chunk).digest('base64')}`;
    const badSum = `sha256 ${createHash('sha256').update('x').digest('base64')}`;
    expect((await patch(100, chunk, { 'upload-checksum': badSum })).status).toBe(460);
    expect((await tusHead(dock, url)).headers.get('upload-offset')).toBe('100');
    expect((await patch(100, chunk, { 'upload-checksum': 'md5 AAAA' })).status).toBe(400);
    const ok = await patch(100, chunk, { 'upload-checksum': goodSum });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('upload-offset')).toBe('300');

    // Unknown id: 404; another account's upload: 404 too.
    expect((await tusHead(dock, `${endpoint}/${'0'.repeat(32)}`)).status).toBe(404);
    await createUser('dock-altro', 'commander');
    const other = await login(base, 'dock-altro');
    expect((await tusHead(other, url)).status).toBe(404);

    // Termination: the bytes go, the upload is gone (410).
    const del = await fetch(url, { method: 'DELETE', headers: tusHeaders });
    expect(del.status).toBe(204);
    expect(del.headers.get('tus-resumable')).toBe('1.0.0');
    expect((await tusHead(dock, url)).status).toBe(410);
  });

  it('an incomplete upload with no progress expires and its bytes are removed by the job', async () => {
    const endpoint = `${base}/api/bodycams/uploads`;
    const created = await fetch(endpoint, {
      method: 'POST',
      headers: {
        ...auth(dock),
        'tus-resumable': '1.0.0',
        'upload-length': '5000',
        'upload-metadata': formatMetadata({ filename: 'B.mp4', serial: 'BC-TUS-03' }),
      },
    });
    const url = `${base}${created.headers.get('location') ?? ''}`;
    const id = url.slice(url.lastIndexOf('/') + 1);
    const dir = path.join(getDb().dir, 'uploads', 'bodycam');
    expect(await readdir(dir)).toContain(`${id}.bin`);
    expect(await t.core.bodycams.uploads.expire()).toBe(0); // not yet due
    await t.core.db
      .updateTable('bodycam_uploads')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', id)
      .execute();
    await t.core.queue.enqueue('bodycams.uploads-expire', {});
    await ingestJobs();
    expect(await readdir(dir)).not.toContain(`${id}.bin`);
    const head = await tusHead(dock, url);
    expect(head.status).toBe(410);
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('object_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('bodycam.upload.expire');
  });

  it('refuses uploads the disk cannot hold (507) counting those in progress, stops PATCHes when space runs low, and caps uploads per account (429)', async () => {
    const MIN = t.core.config.storageMinFreeMb * MB; // 1024 MiB by default
    const endpoint = `${base}/api/bodycams/uploads`;
    const dir = path.join(getDb().dir, 'uploads', 'bodycam');
    await createUser('dock-spazio', 'commander');
    const s = await login(base, 'dock-spazio');
    const tusHeaders = { ...auth(s), 'tus-resumable': '1.0.0' };
    const create = (length: number, filename = 'C.mp4') =>
      fetch(endpoint, {
        method: 'POST',
        headers: {
          ...tusHeaders,
          'upload-length': String(length),
          'upload-metadata': formatMetadata({ filename, serial: 'BC-TUS-04' }),
        },
      });
    const patch = (url: string, offset: number, body: Buffer) =>
      fetch(url, {
        method: 'PATCH',
        headers: {
          ...tusHeaders,
          'content-type': 'application/offset+octet-stream',
          'upload-offset': String(offset),
        },
        body,
      });
    const idOf = (r: Response) => (r.headers.get('location') ?? '').split('/').pop() ?? '';
    const mine = () =>
      t.core.db
        .selectFrom('bodycam_uploads')
        .select(['id', 'status'])
        .where('created_by_username', '=', 'dock-spazio')
        .execute();
    try {
      // 3 MiB above the minimum: a 4 MiB file does not fit, and nothing is created.
      disk = () => MIN + 3 * MB;
      const listDir = () => readdir(dir).catch(() => [] as string[]);
      const files = await listDir();
      const tooBig = await create(4 * MB);
      expect(tooBig.status).toBe(507);
      const refused = (await tooBig.json()) as { error: string; message: string };
      expect(refused.error).toBe('insufficient_storage');
      expect(refused.message).toMatch(/spazio su disco insufficiente.*registrazioni/);
      expect(await listDir()).toEqual(files);
      expect(await mine()).toEqual([]);

      // Uploads in progress count for the bytes they still expect: 1 + 1.5 MiB fit, 1.5 more not.
      const a = await create(1 * MB);
      expect(a.status).toBe(201);
      expect((await create(1.5 * MB)).status).toBe(201);
      const third = await create(1.5 * MB);
      expect(third.status).toBe(507);
      expect(((await third.json()) as { message: string }).message).toMatch(/già riservati/);
      expect(await mine()).toHaveLength(2);

      // Free space read again before each PATCH: refused, nothing written, offset unchanged.
      const urlA = `${endpoint}/${idOf(a)}`;
      disk = () => MIN + 100 * 1024;
      const low = await patch(urlA, 0, Buffer.alloc(512 * 1024, 7));
      expect(low.status).toBe(507);
      expect(((await low.json()) as { error: string }).error).toBe('insufficient_storage');
      expect((await tusHead(s, urlA)).headers.get('upload-offset')).toBe('0');
      expect((await stat(path.join(dir, `${idOf(a)}.bin`))).size).toBe(0);
      // Free space that cannot be read (a full disk fails storage's probe) refuses too.
      disk = () => null;
      const unknown = await create(1000);
      expect(unknown.status).toBe(507);
      expect(((await unknown.json()) as { message: string }).message).toMatch(/non verificabile/);
      disk = () => MIN + 3 * MB;
      const ok = await patch(urlA, 0, Buffer.alloc(512 * 1024, 7));
      expect(ok.status).toBe(204);
      expect(ok.headers.get('upload-offset')).toBe(String(512 * 1024));

      // Space running out in the middle of one long PATCH: writing stops, this PATCH's bytes are
      // dropped (the space goes back to the cameras), the acknowledged offset stays; the rest of
      // the body is read and discarded so that the client gets a clean 507.
      disk = () => 10 * 1024 ** 4;
      const big = await create(20 * MB, 'D.mp4');
      expect(big.status).toBe(201);
      const urlBig = `${endpoint}/${idOf(big)}`;
      let reads = 0;
      disk = () => (++reads === 1 ? MIN + 100 * MB : MIN - 1);
      const stopped = await patch(urlBig, 0, Buffer.alloc(20 * MB, 5));
      expect(stopped.status).toBe(507);
      expect(((await stopped.json()) as { error: string }).error).toBe('insufficient_storage');
      expect(reads).toBe(2); // before the PATCH, then after its first 16 MiB
      expect((await tusHead(s, urlBig)).headers.get('upload-offset')).toBe('0');
      expect((await stat(path.join(dir, `${idOf(big)}.bin`))).size).toBe(0);
      expect((await patch(urlBig, 0, Buffer.alloc(1024, 5))).status).toBe(507);

      // At most VEDETTA_BODYCAM_UPLOADS_PER_ACCOUNT (20) uploads receiving per account.
      disk = () => 10 * 1024 ** 4;
      const open = (await mine()).filter((u) => u.status === 'receiving').length;
      for (let i = open; i < 20; i++) expect((await create(1000)).status).toBe(201);
      const capped = await create(1000);
      expect(capped.status).toBe(429);
      const cappedBody = (await capped.json()) as { error: string; message: string };
      expect(cappedBody.error).toBe('too_many_uploads');
      expect(cappedBody.message).toMatch(/già 20 caricamenti in corso/);
      // Still refused until one ends (DELETE); another account is not affected.
      expect((await create(1000)).status).toBe(429);
      const del = await fetch(urlBig, { method: 'DELETE', headers: tusHeaders });
      expect(del.status).toBe(204);
      expect((await create(1000)).status).toBe(201);
      expect(
        (
          await fetch(endpoint, {
            method: 'POST',
            headers: {
              ...auth(dock),
              'tus-resumable': '1.0.0',
              'upload-length': '1000',
              'upload-metadata': formatMetadata({ filename: 'E.mp4', serial: 'BC-TUS-04' }),
            },
          })
        ).status,
      ).toBe(201);
    } finally {
      disk = undefined;
    }
  });

  it('a complete upload whose ingest job is given up becomes failed (audited), keeps its file, is listed, and a retried job ingests it', async () => {
    const endpoint = `${base}/api/bodycams/uploads`;
    const tusHeaders = { ...auth(dock), 'tus-resumable': '1.0.0' };
    const bytes = Buffer.alloc(3000, 4);
    const created = await fetch(endpoint, {
      method: 'POST',
      headers: {
        ...tusHeaders,
        'upload-length': String(bytes.length),
        'upload-metadata': formatMetadata({ filename: 'G.mp4', serial: 'BC-TUS-05' }),
      },
    });
    expect(created.status).toBe(201);
    const url = `${base}${created.headers.get('location') ?? ''}`;
    const id = url.slice(url.lastIndexOf('/') + 1);
    const done = await fetch(url, {
      method: 'PATCH',
      headers: {
        ...tusHeaders,
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
      },
      body: bytes,
    });
    expect(done.status).toBe(204);
    const file = path.join(getDb().dir, 'uploads', 'bodycam', `${id}.bin`);

    // The worker that took the ingest died on its last attempt (as on every attempt before).
    const job = await t.core.db
      .selectFrom('jobs')
      .select(['id', 'max_attempts'])
      .where('name', '=', 'bodycams.upload-ingest')
      .where('payload', 'like', `%${id}%`)
      .executeTakeFirstOrThrow();
    await t.core.db
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: job.max_attempts,
        locked_by: 'dead-worker',
        lease_until: Date.now() - 1000,
      })
      .where('id', '=', job.id)
      .execute();
    // The worker reaps expired leases every few seconds (real clock here).
    await vi.waitFor(
      async () => {
        await ingestJobs();
        const r = await t.core.db
          .selectFrom('jobs')
          .select('status')
          .where('id', '=', job.id)
          .executeTakeFirstOrThrow();
        expect(r.status).toBe('dead');
      },
      { timeout: 15_000, interval: 500 },
    );

    const failed = await fetch(`${endpoint}?status=failed`, { headers: auth(dock) });
    expect(failed.status).toBe(200);
    const items = ((await failed.json()) as { items: Array<Record<string, unknown>> }).items;
    expect(items.map((i) => i.id)).toEqual([id]);
    expect(items[0]).toMatchObject({ status: 'failed', outcome: 'failed', offset: bytes.length });
    expect(String(items[0]?.reason)).toMatch(/non riuscita.*file ricevuto è conservato/);
    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('object_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('bodycam.upload.failed');
    expect(audit.find((a) => a.action === 'bodycam.upload.failed')?.reason).toMatch(
      /file conservato/,
    );

    // The source is never lost: expiry and the start-up cleanup leave the file alone.
    await t.core.db
      .updateTable('bodycam_uploads')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', id)
      .execute();
    await t.core.bodycams.uploads.expire();
    await t.core.bodycams.uploads.recover();
    expect((await stat(file)).size).toBe(bytes.length);
    expect((await tusHead(dock, url)).headers.get('upload-offset')).toBe(String(bytes.length));

    // The administrator retries the dead job: the kept file goes through the ingest again (these
    // bytes are no video, so it ends in quarantine) and the upload is done.
    await t.core.jobs.retry(SYSTEM_ACTOR, job.id);
    await ingestJobs();
    const row = await t.core.db
      .selectFrom('bodycam_uploads')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', outcome: 'quarantined' });
  });

  it('lists uploads not ingested; a failed one is retried once its cause is fixed, another discarded into quarantine with a reason; both audited; an officer is refused', async () => {
    const endpoint = `${base}/api/bodycams/uploads`;
    const dir = path.join(getDb().dir, 'uploads', 'bodycam');
    const tusHeaders = { ...auth(dock), 'tus-resumable': '1.0.0' };
    const json = { ...auth(dock), 'content-type': 'application/json' };
    const createUpload = async (filename: string, serial: string, length: number) => {
      const created = await fetch(endpoint, {
        method: 'POST',
        headers: {
          ...tusHeaders,
          'upload-length': String(length),
          'upload-metadata': formatMetadata({ filename, serial }),
        },
      });
      expect(created.status).toBe(201);
      return (created.headers.get('location') ?? '').split('/').pop() ?? '';
    };
    /** A complete upload whose ingest job was given up (its worker died on the last attempt). */
    const failedUpload = async (bytes: Buffer, filename: string, serial: string) => {
      const id = await createUpload(filename, serial, bytes.length);
      const done = await fetch(`${endpoint}/${id}`, {
        method: 'PATCH',
        headers: {
          ...tusHeaders,
          'content-type': 'application/offset+octet-stream',
          'upload-offset': '0',
        },
        body: bytes,
      });
      expect(done.status).toBe(204);
      const job = await t.core.db
        .selectFrom('jobs')
        .select(['id', 'max_attempts'])
        .where('name', '=', 'bodycams.upload-ingest')
        .where('payload', 'like', `%${id}%`)
        .executeTakeFirstOrThrow();
      await t.core.db
        .updateTable('jobs')
        .set({
          status: 'running',
          attempts: job.max_attempts,
          locked_by: 'dead-worker',
          lease_until: Date.now() - 1000,
        })
        .where('id', '=', job.id)
        .execute();
      return id;
    };
    const statusOf = async (id: string) =>
      (
        await t.core.db
          .selectFrom('bodycam_uploads')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;

    // A real video (other bytes than the first test's) and bytes that are no video.
    const clip = await readFile(
      await makeTestClip({ dir: path.join(getDb().dir, 'fixtures-retry'), seconds: 1 }),
    );
    const good = Buffer.concat([clip, Buffer.alloc(4321, 2)]);
    const junk = Buffer.alloc(2500, 8);
    const retried = await failedUpload(good, 'VID_RETRY.MP4', 'BC-FAIL-01');
    const discarded = await failedUpload(junk, 'VID_BAD.MP4', 'BC-FAIL-02');
    await vi.waitFor(
      async () => {
        await ingestJobs();
        expect([await statusOf(retried), await statusOf(discarded)]).toEqual(['failed', 'failed']);
      },
      { timeout: 15_000, interval: 500 },
    );
    // An upload still receiving with no progress for two hours is stale.
    const stale = await createUpload('VID_STALE.MP4', 'BC-FAIL-03', 9000);
    await t.core.db
      .updateTable('bodycam_uploads')
      .set({ updated_at: Date.now() - 2 * 3_600_000 })
      .where('id', '=', stale)
      .execute();

    // An officer (no bodycam.manage) is refused the list and both acts.
    await createUser('agente-caricamenti', 'officer');
    const officer = await login(base, 'agente-caricamenti');
    const officerJson = { ...auth(officer), 'content-type': 'application/json' };
    expect((await fetch(`${endpoint}/not-ingested`, { headers: auth(officer) })).status).toBe(403);
    expect(
      (await fetch(`${endpoint}/${retried}/retry`, { method: 'POST', headers: auth(officer) }))
        .status,
    ).toBe(403);
    const officerDiscard = await fetch(`${endpoint}/${discarded}/discard`, {
      method: 'POST',
      headers: officerJson,
      body: JSON.stringify({ reason: 'file corrotto, scartato' }),
    });
    expect(officerDiscard.status).toBe(403);
    expect(await statusOf(discarded)).toBe('failed');

    // The list: failed ones with the file kept, the stale one, the expired one of an earlier test.
    const listed = await fetch(`${endpoint}/not-ingested`, { headers: auth(dock) });
    expect(listed.status).toBe(200);
    const items = ((await listed.json()) as { items: Array<Record<string, unknown>> }).items;
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(retried)).toMatchObject({
      kind: 'failed',
      status: 'failed',
      serial: 'BC-FAIL-01',
      fileName: 'VID_RETRY.MP4',
      length: good.length,
      createdBy: 'dock-comando',
      fileKept: true,
      reason: expect.stringMatching(/non riuscita.*file ricevuto è conservato/) as unknown,
    });
    expect(byId.get(discarded)).toMatchObject({ kind: 'failed', fileKept: true });
    expect(byId.get(stale)).toMatchObject({ kind: 'stale', status: 'receiving', fileKept: true });
    expect(items.some((i) => i.kind === 'expired' && i.fileKept === false)).toBe(true);
    expect(items.some((i) => i.status === 'done')).toBe(false);

    // Retry while the cause is still there (the file moved away): refused, nothing changes.
    const file = path.join(dir, `${retried}.bin`);
    await rename(file, `${file}.away`);
    const missing = await fetch(`${endpoint}/${retried}/retry`, {
      method: 'POST',
      headers: auth(dock),
    });
    expect(missing.status).toBe(409);
    expect(((await missing.json()) as { error: string }).error).toBe('upload_file_missing');
    expect(await statusOf(retried)).toBe('failed');
    // The cause fixed (the file back): the retry runs the pipeline again and the clip is in.
    await rename(`${file}.away`, file);
    const retry = await fetch(`${endpoint}/${retried}/retry`, {
      method: 'POST',
      headers: auth(dock),
    });
    expect(retry.status).toBe(202);
    await ingestJobs();
    const row = await t.core.db
      .selectFrom('bodycam_uploads')
      .selectAll()
      .where('id', '=', retried)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', outcome: 'ingested' });
    const ingested = await t.core.db
      .selectFrom('bodycam_clips')
      .select(['sha256', 'device_serial'])
      .where('id', '=', String(row.clip_id))
      .executeTakeFirstOrThrow();
    expect(ingested).toMatchObject({
      sha256: createHash('sha256').update(good).digest('hex'),
      device_serial: 'BC-FAIL-01',
    });
    expect(await readdir(dir)).not.toContain(`${retried}.bin`);
    const again = await fetch(`${endpoint}/${retried}/retry`, {
      method: 'POST',
      headers: auth(dock),
    });
    expect(again.status).toBe(409);

    // Discard needs a reason: a blank one is refused under its field, the file stays.
    const blank = await fetch(`${endpoint}/${discarded}/discard`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ reason: '  ' }),
    });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(await blank.json())).toMatch(/reason.*motivo obbligatorio/);
    expect(await readdir(dir)).toContain(`${discarded}.bin`);
    // With a reason: moved, verified, into quarantine; the upload's own file goes.
    const discard = await fetch(`${endpoint}/${discarded}/discard`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ reason: 'file corrotto dalla docking, non recuperabile' }),
    });
    expect(discard.status).toBe(200);
    const { storageKey } = (await discard.json()) as { storageKey: string };
    expect(storageKey).toMatch(/^bodycams\/quarantine\/BC-FAIL-02\/[0-9a-f]{16}-VID_BAD\.MP4$/);
    expect(await readFile(t.core.storage.localPath(storageKey) ?? '')).toEqual(junk);
    expect(await readdir(dir)).not.toContain(`${discarded}.bin`);
    expect(await statusOf(discarded)).toBe('done');
    const log = await t.core.db
      .selectFrom('bodycam_ingest_log')
      .selectAll()
      .where('storage_key', '=', storageKey)
      .executeTakeFirstOrThrow();
    expect(log).toMatchObject({ outcome: 'quarantined', device_serial: 'BC-FAIL-02' });
    expect(log.reason).toMatch(/scartato da dock-comando: file corrotto/);

    const audit = await t.core.db
      .selectFrom('audit_log')
      .select(['action', 'actor_username', 'reason', 'object_id'])
      .where('object_id', 'in', [retried, discarded])
      .where('action', 'in', ['bodycam.upload.retry', 'bodycam.upload.discard'])
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        {
          action: 'bodycam.upload.retry',
          actor_username: 'dock-comando',
          reason: null,
          object_id: retried,
        },
        {
          action: 'bodycam.upload.discard',
          actor_username: 'dock-comando',
          reason: 'file corrotto dalla docking, non recuperabile',
          object_id: discarded,
        },
      ]),
    );
    expect(audit).toHaveLength(2);

    // Neither is listed any more; a second discard finds nothing to discard.
    const after = (
      (await (await fetch(`${endpoint}/not-ingested`, { headers: auth(dock) })).json()) as {
        items: Array<{ id: string }>;
      }
    ).items.map((i) => i.id);
    expect(after).not.toContain(retried);
    expect(after).not.toContain(discarded);
    const twice = await fetch(`${endpoint}/${discarded}/discard`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ reason: 'di nuovo, per sbaglio' }),
    });
    expect(twice.status).toBe(409);
  });
});
