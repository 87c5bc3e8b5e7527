import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect as vexpect, afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { minimalPdf } from '../src/test-support/pdf-fixture.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { createAdminFromSetupLink, login, type Person } from './support/flows.js';

const ADMIN: Person = {
  username: 'anna.admin',
  name: 'Anna Amministratrice',
  password: 'Torre-Civica-2026!',
};
const PRIVACY: Person = {
  username: 'paola.neri',
  name: 'Paola Neri',
  password: 'Piazza-Prampolini-2026',
};

/** Screenshots go to the test artifacts, like every browser test's. */
const shot = screenshot;

describe('compliance records and the disciplinare in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  let dpo: Page;
  const work = mkdtempSync(path.join(tmpdir(), 'vedetta-compliance-e2e-'));

  beforeAll(async () => {
    server = await startServer({ VEDETTA_DEMO: '0', VEDETTA_RECORDING: '0' });
    browser = await launchBrowser();
    admin = await newPage(browser, server.baseUrl);
    dpo = await newPage(browser, server.baseUrl);
    vexpect(server.setupUrl).toBeTruthy();
    await createAdminFromSetupLink(admin, server.setupUrl ?? '', ADMIN);
    const add = server.cli([
      'user',
      'add',
      '--username',
      PRIVACY.username,
      '--role',
      'privacy_officer',
      '--name',
      PRIVACY.name,
      '--password',
      PRIVACY.password,
    ]);
    vexpect(add.code, add.stderr).toBe(0);
    const csv = path.join(work, 'cameras.csv');
    writeFileSync(
      csv,
      'code,name,address,latitude,longitude,main_url,purpose,retention_days\n' +
        'CAM-101,Piazza Prampolini,Piazza Prampolini 1,44.6976,10.6311,rtsp://10.20.0.101:554/stream1,sicurezza_urbana,3\n',
    );
    const imp = server.cli(['cameras', 'import', csv]);
    vexpect(imp.code, imp.stderr).toBe(0);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await screenshot(dpo, `FAILED-compliance-${ctx.task.name.slice(0, 30)}`).catch(
        () => undefined,
      );
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('the privacy officer uploads the CCTV DPIA as a PDF and it applies to the camera', async () => {
    await login(dpo, PRIVACY.username, PRIVACY.password);
    await dpo
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Privacy' })
      .click();
    await dpo.getByRole('heading', { level: 1, name: 'Conformità' }).waitFor();
    const cctv = dpo.getByTestId('compliance-cctv-in-force');
    vexpect(await cctv.getByText('Non registrato').count()).toBe(4);
    const row = dpo.getByTestId('compliance-cameras').locator('tr[data-camera="CAM-101"]');
    await row.getByText('Nessuna DPIA della videosorveglianza registrata').waitFor();

    const pdfFile = path.join(work, 'DPIA-videosorveglianza-2026.pdf');
    writeFileSync(pdfFile, minimalPdf('DPIA videosorveglianza urbana 2026'));
    const form = dpo.getByTestId('compliance-form');
    // A title too short: the server's message appears under the field, nothing is stored.
    await form.getByLabel('Titolo').fill('D');
    await form.getByLabel('Versione').fill('1.0');
    await form.getByLabel('Data del documento').fill('2026-03-10');
    await form.getByLabel('Protocollo o riferimento').fill('Prot. 2026/1234');
    await form.getByLabel('File PDF').setInputFiles(pdfFile);
    await form.getByRole('button', { name: 'Registra' }).click();
    const titleError = form.locator(
      '#' + (await form.getByLabel('Titolo').getAttribute('id')) + '-error',
    );
    await titleError.waitFor();
    vexpect(await titleError.textContent()).toContain('almeno 3 caratteri');
    await shot(dpo, 'compliance-field-error');

    await form.getByLabel('Titolo').fill('DPIA videosorveglianza urbana');
    await form.getByRole('button', { name: 'Registra' }).click();
    await dpo.getByText('Registrato: DPIA videosorveglianza urbana v1.0.').waitFor();
    await cctv.getByRole('link', { name: 'DPIA videosorveglianza urbana v1.0' }).waitFor();
    await row.getByText('DPIA videosorveglianza urbana v1.0 del 10/03/2026').waitFor();
    vexpect(await row.textContent()).toContain('DPIA della videosorveglianza in vigore');
    const history = dpo.getByTestId('compliance-cctv-history');
    vexpect(await history.textContent()).toContain('In vigore');
    vexpect(await history.textContent()).toContain('DPIA-videosorveglianza-2026.pdf');
    // The stored PDF is served back byte for byte.
    const href = await cctv
      .getByRole('link', { name: /DPIA videosorveglianza urbana/ })
      .getAttribute('href');
    const served = await dpo.evaluate(async (url) => {
      const r = await fetch(url ?? '');
      return { type: r.headers.get('content-type'), head: (await r.text()).slice(0, 8) };
    }, href);
    vexpect(served).toEqual({ type: 'application/pdf', head: '%PDF-1.4' });
    await shot(dpo, 'compliance-dpia-recorded');

    // The administrator sees it on the camera's form.
    await login(admin, ADMIN.username, ADMIN.password);
    const cameraId = await admin.evaluate(async () => {
      const r = await fetch('/api/cameras');
      const body = (await r.json()) as { items: Array<{ id: string; code: string }> };
      return body.items.find((c) => c.code === 'CAM-101')?.id ?? '';
    });
    await admin.goto(`/admin/cameras?telecamera=${cameraId}`);
    const info = admin.getByTestId('camera-dpia-info');
    await info.getByText('DPIA videosorveglianza urbana v1.0 del 10/03/2026').waitFor();
    await shot(admin, 'compliance-camera-form');
  });

  it('the privacy officer records the approving act and drafts a new disciplinare version', async () => {
    await dpo.goto('/bodycam/disciplinare');
    const current = dpo.getByTestId('disciplinare-current');
    await current.getByText('Da approvare').waitFor();
    const approval = dpo.getByTestId('approval-form-1');
    await approval.getByLabel('Numero').fill('12');
    await approval.getByLabel('Data').fill('2026-03-01');
    await approval.getByRole('button', { name: 'Registra l’atto' }).click();
    await dpo.getByText('Atto registrato: la versione 1 risulta approvata.').waitFor();
    await current.getByText('Delibera di Consiglio comunale n. 12 del 01/03/2026').waitFor();

    await dpo.getByRole('button', { name: 'Nuova versione' }).click();
    const form = dpo.getByTestId('disciplinare-form');
    await form.getByLabel('Titolo').fill('Disciplinare per l’uso delle bodycam — revisione 2026');
    // Seven months is more than the law allows: the message sits under that category's field.
    await form.locator('#disc-cat-0-retention').fill(String(213 * 24));
    await form
      .getByLabel('Promemoria (ore prima della scadenza, separate da virgola)')
      .fill('24, 4');
    await form.getByRole('button', { name: 'Salva la nuova versione' }).click();
    await form.locator('#disc-cat-0-retention-error').waitFor();
    vexpect(await form.locator('#disc-cat-0-retention-error').textContent()).toContain(
      'conservazione massima 6 mesi',
    );
    await shot(dpo, 'disciplinare-field-error');

    await form.locator('#disc-cat-0-retention').fill(String(30 * 24));
    await form.locator('label[for="disc-with-approval"]').click();
    vexpect(await form.locator('#disc-with-approval').isChecked()).toBe(true);
    await form.getByLabel('Numero').fill('45');
    await form.getByLabel('Data').fill('2026-11-20');
    await form.getByRole('button', { name: 'Salva la nuova versione' }).click();
    await dpo.getByText('Versione 2 salvata.').waitFor();
    await current
      .getByText('Versione 2 · Disciplinare per l’uso delle bodycam — revisione 2026')
      .waitFor();
    await current.getByText('Delibera di Consiglio comunale n. 45 del 20/11/2026').waitFor();
    vexpect(await current.textContent()).toContain('720 ore (30 giorni)');
    vexpect(await current.textContent()).toContain('24, 4 ore prima della scadenza');
    const v1 = dpo.getByTestId('disciplinare-v1');
    vexpect(await v1.textContent()).toContain(
      'Delibera di Consiglio comunale n. 12 del 01/03/2026',
    );
    vexpect(await v1.getByRole('button').count()).toBe(0); // past versions are read-only
    await shot(dpo, 'disciplinare-new-version');

    // Every step is in the audit log.
    const actions = await dpo.evaluate(async () => {
      const r = await fetch('/api/audit?limit=200');
      const body = (await r.json()) as { items: Array<{ action: string }> };
      return body.items.map((i) => i.action);
    });
    for (const a of [
      'privacy.file.upload',
      'privacy.record.create',
      'bodycam.disciplinare.approve',
      'bodycam.disciplinare.create',
    ]) {
      vexpect(actions).toContain(a);
    }
  });
});
