import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../../test-support/core.js';
import { describeEachDatabase } from '../../test-support/databases.js';
import type { ApiClient } from '../../test-support/http-client.js';
import { complianceTestbed, createRecord, type Body } from './testing/compliance-setup.js';
import { makeTestClip } from '../../test-support/media-fixtures.js';
import { minimalPdf } from '../../test-support/pdf-fixture.js';
import { TEST_PASSWORD } from '../../test-support/users.js';

const pdf = minimalPdf;

describeEachDatabase(
  'bodycams under the compliance records: DPIA at recording time, joint services, reminders',
  (getDb) => {
    let t: TestCore;
    let privacy: ApiClient;
    let commander: ApiClient;
    let admin: ApiClient;
    let officer: ApiClient;

    beforeAll(async () => {
      ({ t, privacy, commander, admin, officer } = await complianceTestbed(getDb()));
    });
    afterAll(() => t.close());
    const record = createRecord;

    describe('bodycams: the DPIA at recording time and joint services', () => {
      it('stores the partner command of the issue on the clip and shows both commands; the clip keeps the DPIA of its recording time', async () => {
        const first = await record(
          privacy,
          {
            tool: 'bodycam',
            kind: 'dpia',
            title: 'DPIA bodycam',
            version: '1.0',
            documentDate: '2026-02-01',
            effectiveFrom: new Date(t.clock.now() - 86_400_000).toISOString(),
          },
          pdf('DPIA bodycam v1'),
        );
        expect(first.status).toBe(201);

        const partners = await commander.get<Body>('/api/bodycams/partner-commands');
        expect(partners.body).toEqual({
          own: 'Polizia Locale di Reggio Emilia',
          partners: ['PL Unione Terre di Castelli', 'PL Unione Val d’Enza'],
        });
        expect(
          (await admin.post('/api/bodycams/devices', { serial: 'BC-0101', model: 'Axon Body 3' }))
            .status,
        ).toBe(201);
        const courses = (await admin.get<Body>('/api/bodycams/training/courses')).body.items ?? [];
        for (const c of courses.filter((c) => c.requiredForBodycam)) {
          const s = await admin.post('/api/bodycams/training/sessions', {
            courseId: c.id,
            heldOn: '2026-02-01',
            attendees: ['rossi'],
          });
          expect(s.status).toBe(201);
        }
        const out = await commander.post<Body>('/api/bodycams/checkout', {
          serial: 'BC-0101',
          officer: 'rossi',
          partnerCommand: 'PL Unione Val d’Enza',
        });
        expect(out.status).toBe(201);

        const dir = getDb().dir;
        const clip = await makeTestClip({ dir: path.join(dir, 'fixtures'), seconds: 2 });
        const folder = path.join(t.core.config.bodycamDockDir, 'BC-0101');
        await mkdir(folder, { recursive: true });
        const recordedAt = t.clock.now() + 60_000;
        await promisify(execFile)('ffmpeg', [
          '-v',
          'error',
          '-y',
          '-i',
          clip,
          '-c',
          'copy',
          '-metadata',
          `creation_time=${new Date(recordedAt).toISOString()}`,
          path.join(folder, 'VID_0101.mp4'),
        ]);
        t.clock.advance(5 * 60_000);
        await t.core.bodycams.ingest.runOnce();
        const results = await t.core.bodycams.ingest.runOnce();
        expect(results.map((r) => r.outcome)).toEqual(['ingested']);

        // A newer bodycam DPIA after the recording: the clip keeps v1, the device shows v2.
        t.clock.advance(60_000);
        const second = await record(
          privacy,
          {
            tool: 'bodycam',
            kind: 'dpia',
            title: 'DPIA bodycam',
            version: '2.0',
            documentDate: '2026-11-20',
          },
          pdf('DPIA bodycam v2'),
        );
        expect(second.status).toBe(201);

        const row = await t.core.db
          .selectFrom('bodycam_clips')
          .select(['partner_command', 'officer_name'])
          .executeTakeFirstOrThrow();
        expect(row).toEqual({
          partner_command: 'PL Unione Val d’Enza',
          officer_name: 'Test rossi',
        });
        const listed = (await commander.get<Body>('/api/bodycams/clips')).body.items?.[0];
        expect(listed).toMatchObject({
          partnerCommand: 'PL Unione Val d’Enza',
          commands: ['Polizia Locale di Reggio Emilia', 'PL Unione Val d’Enza'],
          disciplinareNumber: 1,
          dpia: { version: '1.0', title: 'DPIA bodycam' },
        });
        const mine = (await officer.get<Body>('/api/bodycams/clips/mine')).body.items?.[0];
        expect(mine?.commands).toEqual(['Polizia Locale di Reggio Emilia', 'PL Unione Val d’Enza']);
        const device = await commander.get<Body>('/api/bodycams/devices/BC-0101');
        expect(device.body).toMatchObject({ disciplinareNumber: 1, dpia: { version: '2.0' } });
      });

      it('reminds the officer by mail before the categorize deadline, once per threshold, and stops once categorized', async () => {
        await t.core.db
          .updateTable('users')
          .set({ email: 'luca.rossi@pl.comune.re.it' })
          .where('username', '=', 'rossi')
          .execute();
        const clip = (await officer.get<Body>('/api/bodycams/clips/mine')).body.items?.[0] ?? {};
        const due = Date.parse(String(clip.categorizeDueAt));
        const reminders = () =>
          t.core.db
            .selectFrom('outbox')
            .select(['to_addr', 'subject', 'text'])
            .where('kind', '=', 'bodycam.reminder')
            .execute();
        const H = 3_600_000;
        t.clock.set(due - 30 * H);
        expect(await t.core.bodycams.reminders.runOnce()).toBe(0);
        t.clock.set(due - 23 * H);
        expect(await t.core.bodycams.reminders.runOnce()).toBe(1);
        expect(await t.core.bodycams.reminders.runOnce()).toBe(0); // once per threshold
        t.clock.set(due - 3 * H);
        expect(await t.core.bodycams.reminders.runOnce()).toBe(1);
        const mails = await reminders();
        expect(mails).toHaveLength(2);
        expect(mails[0]?.to_addr).toBe('luca.rossi@pl.comune.re.it');
        expect(mails[0]?.subject).toMatch(
          /^Promemoria: ripresa bodycam da categorizzare entro il /,
        );
        expect(mails[0]?.text).toContain('BC-0101');

        // Categorized: nothing more, even for a later threshold.
        expect((await officer.login('rossi', TEST_PASSWORD)).status).toBe(200); // the clock moved on
        const rules = ((await officer.get<Body>('/api/bodycams/disciplinare')).body.current as Body)
          .rules as { activationReasons: string[] };
        const done = await officer.post(`/api/bodycams/clips/${String(clip.id)}/categorization`, {
          category: 'nessun_rilievo',
          activationReason: rules.activationReasons[0],
          subjectsWarned: true,
        });
        expect(done.status).toBe(200);
        t.clock.set(due - 1 * H);
        expect(await t.core.bodycams.reminders.runOnce()).toBe(0);
        expect(await reminders()).toHaveLength(2);
      });
    });
  },
);
