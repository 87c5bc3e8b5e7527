import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import {
  complianceTestbed,
  createRecord,
  uploadPdf,
  type Body,
  type Fields,
} from './testing/compliance-setup.js';
import { minimalPdf } from '../../test-support/pdf-fixture.js';

const pdf = minimalPdf;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describeEachDatabase('compliance records (G1)', (getDb) => {
  let t: TestCore;
  let privacy: ApiClient;
  let commander: ApiClient;
  let admin: ApiClient;
  let officer: ApiClient;

  beforeAll(async () => {
    ({ t, privacy, commander, admin, officer } = await complianceTestbed(getDb()));
  });
  afterAll(() => t.close());
  const upload = uploadPdf;
  const record = createRecord;

  describe('records', () => {
    it('stores an uploaded PDF by its SHA-256, refuses what is not a PDF or is too large, and only from the privacy officer', async () => {
      const file = pdf('DPIA videosorveglianza urbana v1');
      const up = await upload(privacy, file);
      expect(up.status).toBe(201);
      expect(up.body).toEqual({ sha256: sha(file), bytes: file.length });
      const stored = await t.core.storage.get(`compliance/files/${sha(file)}.pdf`);
      const chunks: Buffer[] = [];
      for await (const c of stored) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(file)).toBe(true);

      const notPdf = await upload(privacy, Buffer.from('<html>no</html>'));
      expect(notPdf.status).toBe(400);
      expect(String(notPdf.body.message)).toContain('non è un PDF');
      // A truncated upload (no %%EOF in its last KiB) is refused; a little after %%EOF is fine.
      const whole = pdf('DPIA interrotta');
      const cut = await upload(privacy, whole.subarray(0, whole.length - 12));
      expect(cut.status).toBe(400);
      expect(String(cut.body.message)).toContain('PDF è incompleto');
      const header = Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>');
      expect((await upload(privacy, header)).status).toBe(400);
      const farEnd = Buffer.concat([whole, Buffer.alloc(1100, 32)]);
      expect((await upload(privacy, farEnd)).status).toBe(400);
      const padded = Buffer.concat([whole, Buffer.from('\r\n\0\0\n')]);
      expect((await upload(privacy, padded)).status).toBe(201);
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024 + 10, 32)]);
      const tooBig = await upload(privacy, big);
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error).toBe('payload_too_large');
      // JSON elsewhere is untouched by the PDF parser, and PDFs go nowhere else.
      const wrongType = await privacy.raw<Body>(
        'POST',
        '/api/compliance/records',
        file,
        'application/pdf',
      );
      expect(wrongType.status).toBe(415);

      expect((await upload(commander, file)).status).toBe(403);
      expect((await upload(admin, file)).status).toBe(403);
      expect((await officer.get('/api/compliance/records')).status).toBe(403);
      expect((await commander.get('/api/compliance/records')).status).toBe(200);
      expect((await admin.get('/api/compliance/records')).status).toBe(200);
    });

    it('answers 415 naming application/pdf when the body is sent as another type (not "empty file")', async () => {
      const file = pdf('DPIA con tipo sbagliato');
      for (const type of [
        'text/plain',
        'application/json',
        'application/octet-stream',
        'multipart/form-data; boundary=x',
      ]) {
        const res = await privacy.raw<Body>('POST', '/api/compliance/uploads', file, type);
        expect(res.status, type).toBe(415);
        expect(res.body, type).toEqual({
          error: 'unsupported_media_type',
          message: 'Il Content-Type deve essere application/pdf',
        });
      }
      // Parameters and case do not matter; an empty PDF body is still "empty".
      const ok = await privacy.raw<Body>(
        'POST',
        '/api/compliance/uploads',
        file,
        'Application/PDF; charset=binary',
      );
      expect(ok.status).toBe(201);
      const empty = await privacy.raw<Body>(
        'POST',
        '/api/compliance/uploads',
        Buffer.alloc(0),
        'application/pdf',
      );
      expect(empty.status).toBe(400);
      expect(String(empty.body.message)).toContain('vuoto');
      // Permission checks still come first.
      const denied = await commander.raw<Body>(
        'POST',
        '/api/compliance/uploads',
        file,
        'text/plain',
      );
      expect(denied.status).toBe(403);
    });

    it('keeps every version: a new record supersedes the previous from its date, with per-field errors', async () => {
      const v1file = pdf('DPIA videosorveglianza urbana v1');
      const v1 = await record(
        privacy,
        {
          tool: 'cctv',
          kind: 'dpia',
          title: 'DPIA videosorveglianza urbana',
          version: '1.0',
          documentDate: '2025-03-10',
          reference: 'Prot. 2025/1234',
          effectiveFrom: new Date(t.clock.now() - 86_400_000).toISOString(),
        },
        v1file,
      );
      expect(v1.status).toBe(201);
      expect(v1.body).toMatchObject({
        status: 'in_force',
        version: '1.0',
        file: { name: 'documento.pdf', bytes: v1file.length, sha256: sha(v1file) },
      });

      // Not uploaded, backdated before v1, a disciplinare link on a CCTV DPIA: each field named.
      const bad = await privacy.post<Body & Fields>('/api/compliance/records', {
        tool: 'cctv',
        kind: 'dpia',
        title: 'DPIA videosorveglianza urbana',
        version: '0.9',
        documentDate: '2024-01-01',
        effectiveFrom: new Date(t.clock.now() - 2 * 86_400_000).toISOString(),
        disciplinareId: 'x',
        fileSha256: 'a'.repeat(64),
        fileName: 'vecchia.pdf',
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.details?.fields ?? {}).sort()).toEqual([
        'disciplinareId',
        'effectiveFrom',
        'fileSha256',
      ]);
      const schemaBad = await privacy.post<Body>('/api/compliance/records', {
        tool: 'droni',
        kind: 'dpia',
        title: 'x',
        version: '',
        documentDate: '10/03/2025',
        fileSha256: 'zz',
        fileName: 'a.doc',
      });
      expect(schemaBad.status).toBe(400);
      const paths = (schemaBad.body.details as Array<{ path: string }>).map((d) => d.path).sort();
      expect(paths).toEqual(
        ['/documentDate', '/fileName', '/fileSha256', '/title', '/tool', '/version'].sort(),
      );

      const v2file = pdf('DPIA videosorveglianza urbana v2');
      const v2 = await record(
        privacy,
        {
          tool: 'cctv',
          kind: 'dpia',
          title: 'DPIA videosorveglianza urbana',
          version: '2.0',
          documentDate: '2026-11-01',
          reference: 'Prot. 2026/987',
        },
        v2file,
      );
      expect(v2.status).toBe(201);
      const list = await commander.get<Body>('/api/compliance/records?tool=cctv&kind=dpia');
      expect(list.body.items?.map((r) => [r.version, r.status, r.supersededBy])).toEqual([
        ['2.0', 'in_force', null],
        ['1.0', 'superseded', v2.body.id],
      ]);
      // The superseded version's PDF is still there, byte for byte.
      const old = await commander.get(`/api/compliance/records/${String(v1.body.id)}/file`);
      expect(old.status).toBe(200);
      expect(old.headers['content-type']).toBe('application/pdf');
      expect(old.headers['x-content-sha256']).toBe(sha(v1file));
      expect(Buffer.from(old.body as unknown as string, 'latin1').equals(v1file)).toBe(true);

      const inForce = await officer.get<Body>('/api/compliance/in-force?tool=cctv');
      expect((inForce.body.dpia as Body).version).toBe('2.0');
      const before = await officer.get<Body>(
        `/api/compliance/in-force?tool=cctv&at=${encodeURIComponent(new Date(t.clock.now() - 3_600_000).toISOString())}`,
      );
      expect((before.body.dpia as Body).version).toBe('1.0');
      expect(before.body.signage).toBeNull();
    });

    it('links the disciplinare text to a disciplinare version', async () => {
      const current = (await officer.get<Body>('/api/bodycams/disciplinare')).body.current as Body;
      const missing = await record(
        privacy,
        {
          tool: 'bodycam',
          kind: 'disciplinare',
          title: 'Disciplinare bodycam',
          version: '1',
          documentDate: '2026-03-01',
        },
        pdf('Delibera CC 12/2026'),
      );
      expect(missing.status).toBe(400);
      expect(missing.body.details?.fields?.disciplinareId).toMatch(/versione del disciplinare/);
      const text = await record(
        privacy,
        {
          tool: 'bodycam',
          kind: 'disciplinare',
          title: 'Disciplinare bodycam',
          version: '1',
          documentDate: '2026-03-01',
          reference: 'Delibera CC n. 12/2026',
          disciplinareId: current.id,
        },
        pdf('Delibera CC 12/2026'),
      );
      expect(text.status).toBe(201);
      expect(text.body).toMatchObject({ disciplinareId: current.id, disciplinareNumber: 1 });
    });

    it('gives a camera the CCTV DPIA in force, or a specific one, audited', async () => {
      const cam = await admin.post<Body>('/api/cameras', {
        code: 'CAM-031',
        name: 'Piazza Prampolini',
        address: 'Piazza Prampolini 1',
        latitude: 44.6976,
        longitude: 10.6311,
        mainUrl: 'rtsp://10.20.0.31:554/stream1',
        purpose: 'sicurezza_urbana',
        retentionDays: 3,
        dpiaRef: 'Prot. 2025/1234',
      });
      expect(cam.status).toBe(201);
      const id = String(cam.body.id);
      const seen = await admin.get<Body>(`/api/compliance/cameras/${id}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ source: 'in_force', legacyRef: 'Prot. 2025/1234' });
      expect((seen.body.dpia as Body).version).toBe('2.0');

      const records = await privacy.get<Body>('/api/compliance/records?tool=cctv&kind=dpia');
      const v1 = records.body.items?.find((r) => r.version === '1.0');
      expect(
        (await admin.request('PUT', `/api/compliance/cameras/${id}/dpia`, { recordId: v1?.id }))
          .status,
      ).toBe(403);
      const tied = await privacy.request<Body>('PUT', `/api/compliance/cameras/${id}/dpia`, {
        recordId: v1?.id,
      });
      expect(tied.status).toBe(200);
      expect(tied.body).toMatchObject({ source: 'assigned', dpia: { version: '1.0' } });
      const all = await privacy.get<Body>('/api/compliance/cameras');
      expect(all.body.items?.find((c) => c.cameraId === id)).toMatchObject({
        code: 'CAM-031',
        source: 'assigned',
        dpia: { version: '1.0' },
      });
      const bodycamText = (await privacy.get<Body>('/api/compliance/records?tool=bodycam')).body
        .items?.[0];
      const wrong = await privacy.request<Body & Fields>(
        'PUT',
        `/api/compliance/cameras/${id}/dpia`,
        { recordId: bodycamText?.id },
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body.details?.fields?.recordId).toBeTruthy();
      const back = await privacy.request<Body>('PUT', `/api/compliance/cameras/${id}/dpia`, {
        recordId: null,
      });
      expect(back.body).toMatchObject({ source: 'in_force', dpia: { version: '2.0' } });

      const audit = await t.core.db
        .selectFrom('audit_log')
        .select(['action', 'actor_username'])
        .where('action', 'like', 'privacy.%')
        .execute();
      const count = (a: string) => audit.filter((e) => e.action === a).length;
      expect(count('privacy.record.create')).toBe(3);
      expect(count('privacy.camera_dpia.assign')).toBe(2);
      expect(count('privacy.file.upload')).toBeGreaterThanOrEqual(4);
      expect(new Set(audit.map((e) => e.actor_username))).toEqual(new Set(['dpo1']));
    });

    it('refuses any UPDATE or DELETE of a record in the database itself (append-only triggers)', async () => {
      const before = await t.core.db.selectFrom('compliance_records').selectAll().execute();
      expect(before.length).toBeGreaterThan(0);
      const id = before[0]?.id ?? '';
      await expect(
        t.core.db
          .updateTable('compliance_records')
          .set({ version: '9.9', effective_from: 0 })
          .where('id', '=', id)
          .execute(),
      ).rejects.toThrow(/compliance_records is (append-only|immutable)/);
      await expect(
        t.core.db.deleteFrom('compliance_records').where('id', '=', id).execute(),
      ).rejects.toThrow(/compliance_records is (append-only|immutable)/);
      await expect(t.core.db.deleteFrom('compliance_records').execute()).rejects.toThrow(
        /compliance_records is (append-only|immutable)/,
      );
      const after = await t.core.db.selectFrom('compliance_records').selectAll().execute();
      expect(after).toEqual(before);
      // Adding a record is still allowed (that is how history grows).
      const next = await record(
        privacy,
        {
          tool: 'cctv',
          kind: 'signage',
          title: 'Informativa semplificata',
          version: '1',
          documentDate: '2026-10-01',
        },
        pdf('Cartello area videosorvegliata'),
      );
      expect(next.status).toBe(201);
    });
  });
});
