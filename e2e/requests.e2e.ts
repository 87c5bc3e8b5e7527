import nodemailer from 'nodemailer';
import { expect as vexpect, afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { createAdminFromSetupLink, login } from './support/flows.js';

const ADMIN = {
  username: 'anna.admin',
  name: 'Anna Amministratrice',
  password: 'Torre-Civica-2026!',
};
const OPERATOR = {
  username: 'mario.rossi',
  name: 'Mario Rossi',
  password: 'Piazza-Prampolini-7',
};
const COUNTDOWN = /^\d{2} g \d{2}:\d{2}:\d{2}$/;

/** The built-in mailbox's address, as `serve` prints it. */
async function smtpAddress(server: RunningServer): Promise<{ host: string; port: number }> {
  let found: RegExpExecArray | null = null;
  await vexpect
    .poll(
      () => (found = /casella richieste \(SMTP\): smtp:\/\/([^\s:]+):(\d+)/.exec(server.output())),
    )
    .not.toBeNull();
  const m = found as unknown as RegExpExecArray;
  const host = m[1] === '0.0.0.0' || m[1] === '::' ? '127.0.0.1' : m[1]!;
  return { host, port: Number(m[2]) };
}

describe('footage requests in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ VEDETTA_DEMO: '1' });
    browser = await launchBrowser();
    page = await newPage(browser, server.baseUrl);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await screenshot(page, `FAILED-req-${ctx.task.name.slice(0, 40)}`);
      console.log(server.output().slice(-4000));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates the admin from the setup link and an operator from the CLI', async () => {
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
  });

  it('shows a request delivered to the mailbox at the top of the queue with its countdown', async () => {
    await login(page, OPERATOR.username, OPERATOR.password);
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Richieste' })
      .click();
    await page.getByRole('heading', { name: 'Richieste di immagini', level: 1 }).waitFor();

    const { host, port } = await smtpAddress(server);
    const transport = nodemailer.createTransport({ host, port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'Ag. Luca Bianchi <luca.bianchi@comune.reggioemilia.it>',
      to: 'richieste-video@comune.reggioemilia.it',
      subject: 'Richiesta immagini sinistro stradale via Emilia San Pietro',
      text: [
        'Buongiorno,',
        '',
        'si chiede la conservazione e l’acquisizione delle immagini relative al sinistro stradale',
        'avvenuto ieri tra le 18:10 e le 18:40 in via Emilia San Pietro, all’altezza del civico 20.',
        'Verbale di rilievo n. 1234/2026.',
        '',
        'Cordiali saluti',
        'Ag. Luca Bianchi',
        'Matricola 4521',
        'Reparto Infortunistica Stradale',
        'tel. 0522 456789',
      ].join('\n'),
    });
    transport.close();

    // The queue refreshes every 10 s.
    const first = page.getByTestId('request-row').first();
    await first.waitFor({ timeout: 30_000 });
    const number = await first.getAttribute('data-number');
    vexpect(number).toMatch(/^VS-\d{4}-\d{6}$/);
    const countdown = first.getByTestId('countdown');
    const before = (await countdown.innerText()).trim();
    vexpect(before).toMatch(COUNTDOWN);
    await vexpect.poll(async () => (await countdown.innerText()).trim()).not.toBe(before);
    vexpect(await first.innerText()).toContain('Luca Bianchi');
    vexpect(await first.innerText()).toContain('sinistro stradale');
    vexpect(await first.getByTestId('request-state').innerText()).toBe('ricevuta');
    vexpect(Number(await first.getByTestId('held-cameras').innerText())).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'req-01-queue');

    await first.getByRole('link', { name: number! }).click();
    await page.getByRole('heading', { name: `Richiesta ${number}`, level: 1 }).waitFor();
  });

  it('shows the hold on DEMO-02 and the parsed fields highlighted, then takes the request', async () => {
    const holds = page.getByTestId('request-holds');
    await holds.getByText('DEMO-02').waitFor();
    vexpect(await holds.innerText()).toContain('Via Emilia San Pietro');

    const fields = page.getByTestId('request-fields');
    vexpect(await fields.locator('tr[data-field="eventType"]').innerText()).toContain(
      'sinistro stradale',
    );
    vexpect(await fields.locator('tr[data-field="window"]').innerText()).toMatch(/18:10 – 18:40/);
    vexpect(await fields.locator('tr[data-field="place"]').innerText()).toMatch(
      /Emilia San Pietro/i,
    );

    const message = page.getByTestId('request-message');
    const marks = message.locator('mark');
    vexpect(await marks.count()).toBeGreaterThan(0);
    vexpect(await message.locator('mark[data-field="place"]').first().innerText()).toMatch(
      /Emilia San Pietro/i,
    );
    await screenshot(page, 'req-02-detail');

    await page.getByRole('button', { name: 'Prendi in carico' }).click();
    await page.getByText('Richiesta presa in carico.').waitFor();
    vexpect(await page.getByTestId('request-state').innerText()).toBe('in lavorazione');
    vexpect(await page.getByTestId('assigned-to').innerText()).toBe(OPERATOR.name);
    await screenshot(page, 'req-03-taken');

    await page.getByRole('link', { name: /Torna alla coda/ }).click();
    const row = page.locator('[data-testid="request-row"]').first();
    await row.waitFor();
    vexpect(await row.getByTestId('request-state').innerText()).toBe('in lavorazione');
  });
});
