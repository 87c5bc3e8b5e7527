import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect as vexpect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { createAdminFromSetupLink, login } from './support/flows.js';
import { startServer, type RunningServer } from './support/server.js';

const ADMIN = {
  username: 'anna.admin',
  name: 'Anna Amministratrice',
  password: 'Torre-Civica-2026!',
};
const OPERATOR = { username: 'mario.rossi', name: 'Mario Rossi', password: 'Piazza-Prampolini-7' };
const SHARE_PASSWORD = 'Tricolore-1797';

/** Calls the API from the page, as the logged-in user (CSRF token from the session). */
async function api<T>(
  page: Page,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as T };
    },
    { method, url, body },
  );
}

function run(cmd: string, args: string[], cwd: string): { code: number | null; out: string } {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

describe('sharing evidence with the judicial authority in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let recipient: Page;
  let work = '';
  let evidenceId = '';
  let evidenceNumber = '';
  let link = '';

  beforeAll(async () => {
    server = await startServer({ VEDETTA_DEMO: '1', VEDETTA_SEGMENT_SECONDS: '4' });
    browser = await launchBrowser();
    page = await newPage(browser, server.baseUrl);
    work = mkdtempSync(path.join(tmpdir(), 'vedetta-shared-'));
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await screenshot(page, `FAILED-sharing-${ctx.task.name.slice(0, 40)}`);
      if (recipient)
        await screenshot(recipient, `FAILED-sharing-recipient-${ctx.task.name.slice(0, 30)}`);
      console.log(server.output().slice(-4000));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has an evidence item acquired from a demo camera', async () => {
    await createAdminFromSetupLink(page, server.setupUrl!, ADMIN);
    const created = server.cli([
      'user',
      'add',
      '--username',
      OPERATOR.username,
      '--role',
      'operator',
      '--name',
      OPERATOR.name,
      '--password',
      OPERATOR.password,
    ]);
    vexpect(created.code, created.stderr).toBe(0);
    await login(page, OPERATOR.username, OPERATOR.password);
    const cams = await api<{ items: Array<{ id: string; code: string }> }>(
      page,
      'GET',
      '/api/cameras',
    );
    const cam = cams.body.items.find((c) => c.code === 'DEMO-01');
    vexpect(cam).toBeDefined();
    // Wait until a few segments are recorded, then acquire the last 8 seconds of them.
    let acq: { status: number; body: { id: string; number: string } } | null = null;
    for (let i = 0; i < 40 && acq?.status !== 202; i++) {
      await page.waitForTimeout(2000);
      const now = Date.now();
      acq = await api(page, 'POST', '/api/evidence/acquisitions', {
        cameraId: cam!.id,
        from: new Date(now - 20_000).toISOString(),
        to: new Date(now - 12_000).toISOString(),
        reason: 'Rissa davanti al bar, delega della Procura',
        caseRef: 'RGNR 1234/2026',
      });
    }
    vexpect(acq?.status, JSON.stringify(acq?.body)).toBe(202);
    await vexpect
      .poll(
        async () =>
          (
            await api<{ status: string; evidenceId: string | null }>(
              page,
              'GET',
              `/api/evidence/acquisitions/${acq!.body.id}`,
            )
          ).body.status,
        { timeout: 60_000, interval: 1000 },
      )
      .toBe('done');
    evidenceId = acq!.body.id;
    evidenceNumber = acq!.body.number;
  }, 120_000);

  it('the operator shares it with a password and sees the link once', async () => {
    await page.goto(`/evidenze/${evidenceId}`);
    await page.getByTestId('evidence-detail').waitFor();
    await page.getByTestId('share-open').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tipo di destinatario').selectOption('ag');
    await dialog.getByLabel('Nominativo del destinatario').fill('Dott.ssa Maria Verdi');
    await dialog.getByLabel('Autorità / ente').fill('Procura della Repubblica di Reggio Emilia');
    await dialog.getByLabel('Qualifica').fill('Sostituto procuratore');
    await dialog.getByLabel('Protocollo / procedimento').fill('RGNR 1234/2026');
    await dialog.getByLabel('Validità (giorni)').fill('3');
    await dialog.getByLabel('Download consentiti').fill('3');
    // Too short: the server's Italian messages come back under the two fields.
    await dialog.getByLabel('Motivo della consegna').fill('Dlg');
    await dialog.getByLabel('Password (facoltativa)').fill('corta');
    await dialog.getByTestId('share-submit').click();
    await dialog.locator('#share-reason-error').waitFor();
    vexpect(await dialog.locator('#share-reason-error').innerText()).toBe('Almeno 5 caratteri');
    vexpect(await dialog.locator('#share-password-error').innerText()).toBe('Almeno 8 caratteri');
    await screenshot(page, 'sharing-00-refused');
    await dialog.getByLabel('Motivo della consegna').fill('Delega di indagine n. 45/2026');
    await dialog.getByLabel('Password (facoltativa)').fill(SHARE_PASSWORD);
    await dialog.getByTestId('share-submit').click();
    await dialog.getByTestId('share-created').waitFor();
    link = await dialog.getByTestId('share-link').inputValue();
    vexpect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/condivisione#[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'sharing-01-link');
    await dialog.getByRole('button', { name: 'Fatto' }).click();
    const share = page.getByTestId('share-item');
    await vexpect.poll(() => share.getAttribute('data-status')).toBe('attiva');
    vexpect(await share.innerText()).toContain('Dott.ssa Maria Verdi');
    // The link is not shown again anywhere on the page.
    vexpect(await page.content()).not.toContain(link.split('#')[1]);
    await page.getByTestId('custody').locator('[data-action="share"]').waitFor();

    // The verbale di consegna names the recipient and the item.
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      share.getByTestId('share-verbale').click(),
    ]);
    const pdf = path.join(work, 'verbale-consegna.pdf');
    await report.saveAs(pdf);
    vexpect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = run('pdftotext', ['-layout', pdf, '-'], work).out;
    vexpect(text).toContain('VERBALE DI CONSEGNA');
    vexpect(text).toContain('Dott.ssa Maria Verdi');
    vexpect(text).toContain(evidenceNumber);
    await page.reload();
    await page.getByTestId('custody').locator('[data-action="share_report_download"]').waitFor();
  });

  it('the recipient opens the link in a fresh browser, gives the password and downloads the ZIP, which verifies', async () => {
    recipient = await newPage(browser, server.baseUrl);
    await recipient.goto(link);
    // Minimal page: no navigation of the operations room, no login.
    await recipient.getByTestId('share-password-form').waitFor();
    vexpect(
      await recipient.getByRole('navigation', { name: 'Navigazione principale' }).count(),
    ).toBe(0);
    await recipient.getByLabel('Password').fill('sbagliata-1');
    await recipient.getByRole('button', { name: 'Apri' }).click();
    await recipient.getByText('Password errata: restano 4 tentativi').waitFor();
    await recipient.getByLabel('Password').fill(SHARE_PASSWORD);
    await recipient.getByRole('button', { name: 'Apri' }).click();
    const opened = recipient.getByTestId('share-open');
    await opened.waitFor();
    vexpect(await opened.getAttribute('data-number')).toBe(evidenceNumber);
    vexpect(await recipient.getByTestId('share-files').innerText()).toContain('SHA256SUMS');
    vexpect(await recipient.getByText('sha256sum -c SHA256SUMS', { exact: true }).count()).toBe(1);
    // LEGGIMI.txt of the package is readable on the page (it is instructions, not a download).
    vexpect(await recipient.getByTestId('share-readme').textContent()).toContain('SHA256SUMS');
    await screenshot(recipient, 'sharing-02-recipient');

    const [download] = await Promise.all([
      recipient.waitForEvent('download'),
      recipient.getByTestId('share-download-zip').click(),
    ]);
    vexpect(download.suggestedFilename()).toBe(`${evidenceNumber}.zip`);
    const zip = path.join(work, 'shared.zip');
    await download.saveAs(zip);
    vexpect(run('unzip', ['-q', zip, '-d', work], work).code).toBe(0);
    const dir = path.join(work, evidenceNumber);
    vexpect(readdirSync(dir)).toContain('LEGGIMI.txt');
    const sums = run('sha256sum', ['-c', 'SHA256SUMS'], dir);
    vexpect(sums.code, sums.out).toBe(0);
    const verify = server.cli(['verify', dir]);
    vexpect(verify.code, verify.stdout + verify.stderr).toBe(0);
    await vexpect
      .poll(() => recipient.getByTestId('share-downloads-left').innerText(), { timeout: 10_000 })
      .toBe('2 / 3');
  });

  it('the operator sees the download with its IP in the custody chain, then revokes the link', async () => {
    await page.reload();
    await page.getByTestId('evidence-detail').waitFor();
    const download = page.getByTestId('custody').locator('[data-action="share_download"]');
    await download.waitFor();
    vexpect(await download.innerText()).toContain('127.0.0.1');
    vexpect(await download.innerText()).toContain('Dott.ssa Maria Verdi');
    const share = page.getByTestId('share-item');
    vexpect(await share.getByTestId('share-count').innerText()).toBe('Download: 1 di 3');
    await share.getByText('Download effettuati (1)').click();
    vexpect(await share.getByTestId('share-download-ip').innerText()).toBe('127.0.0.1');
    await screenshot(page, 'sharing-03-custody');

    await share.getByTestId('share-revoke').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Motivo della revoca').fill('Atti trasmessi per altra via');
    await dialog.getByRole('button', { name: 'Revoca il link' }).click();
    await vexpect.poll(() => share.getAttribute('data-status')).toBe('revocata');
    await page.getByTestId('custody').locator('[data-action="share_revoke"]').waitFor();
  });

  it('the recipient then sees that the link was revoked', async () => {
    await recipient.reload();
    const gone = recipient.getByTestId('share-gone');
    await gone.waitFor();
    vexpect(await gone.getAttribute('data-code')).toBe('share_revoked');
    vexpect(await gone.innerText()).toContain('revocato');
    await screenshot(recipient, 'sharing-04-revoked');
  });
});
