import { readFileSync } from 'node:fs';
import { expect as vexpect, afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, newPage, screenshot } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { createAdminFromSetupLink } from './support/flows.js';

const ADMIN = {
  username: 'carla.admin',
  name: 'Carla Amministratrice',
  password: 'Torre-del-Bordello-2026!',
};
const DEMO_CODES = ['DEMO-01', 'DEMO-02', 'DEMO-03', 'DEMO-04'];
const NEW_CODE = 'CAM-E2E-01';
const SECRET = 'secret';

const row = (page: Page, code: string): Locator => page.locator(`tr[data-code="${code}"]`);
const stateOf = (page: Page, code: string) =>
  row(page, code).locator('[data-state]').getAttribute('data-state');

async function openCameras(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Navigazione principale' })
    .getByRole('link', {
      name: 'Amministrazione',
    })
    .click();
  await page
    .getByRole('navigation', { name: 'Sezioni di amministrazione' })
    .getByRole('link', { name: 'Telecamere' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Telecamere' }).waitFor();
}

describe('cameras in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({
      VEDETTA_DEMO: '1',
      VEDETTA_DEMO_RTSP_PORT: '0',
      VEDETTA_SEGMENT_SECONDS: '4',
    });
    browser = await launchBrowser();
    page = await newPage(browser, server.baseUrl);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await screenshot(page, `FAILED-cameras-${ctx.task.name.slice(0, 40)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates the admin through the setup link and logs in', async () => {
    vexpect(server.setupUrl).toMatch(/\/setup#token=/);
    await createAdminFromSetupLink(page, server.setupUrl!, ADMIN);
    await page.getByLabel('Nome utente').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
  });

  it('lists the four demo cameras, online within 60 s, on the table and the map', async () => {
    await openCameras(page);
    for (const code of DEMO_CODES) {
      await row(page, code).waitFor();
      vexpect(await row(page, code).getByText('Demo', { exact: true }).count()).toBe(1);
    }
    await vexpect
      .poll(async () => Promise.all(DEMO_CODES.map((code) => stateOf(page, code))), {
        timeout: 60_000,
        interval: 1_000,
      })
      .toEqual(DEMO_CODES.map(() => 'online'));

    // What ffprobe saw and the last segment, in Italian time.
    const first = row(page, 'DEMO-01');
    await vexpect
      .poll(() => first.innerText(), { timeout: 20_000 })
      .toMatch(/H\.264 \d+×\d+( · [\d.]+ kbit\/s)?/);
    vexpect(await first.innerText()).toMatch(/\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}:\d{2}/);
    vexpect(await first.innerText()).toContain('Sicurezza urbana');

    const map = page.getByTestId('cameras-map');
    await vexpect.poll(() => map.locator('path.vd-marker').count()).toBe(4);
    await vexpect
      .poll(() => map.locator('path.vd-marker[data-state="online"]').count(), { timeout: 15_000 })
      .toBe(4);
    // No tile server configured: plain background and the note that says how to set one.
    vexpect(await map.locator('.leaflet-tile').count()).toBe(0);
    await page.getByText('Mappa senza sfondo: impostare VEDETTA_MAP_TILE_URL').waitFor();
    await map.locator('path.vd-marker[data-code="DEMO-01"]').click();
    await map.locator('.leaflet-popup').getByText('Piazza Prampolini').waitFor();
    vexpect(await map.locator('.leaflet-popup').innerText()).toMatch(/DEMO-01[\s\S]*online/);

    await screenshot(page, 'cameras-01-list');
    await page.locator('section[aria-labelledby="cameras-map-title"]').screenshot({
      path: `${ARTIFACTS}/cameras-02-map.png`,
    });
  });

  it('shows field errors for a wrong URL, then creates an unreachable camera', async () => {
    await page.getByRole('button', { name: 'Nuova telecamera' }).click();
    const form = page.getByTestId('camera-form');
    await form.getByRole('heading', { name: 'Nuova telecamera' }).waitFor();
    await form.getByLabel('Codice').fill(NEW_CODE);
    await form.getByLabel('Nome', { exact: true }).fill('Via Roma angolo Piazza del Monte');
    await form.getByLabel('Indirizzo', { exact: true }).fill('Via Roma 1, Reggio Emilia');
    // A click on the map sets the coordinates.
    const picker = form.getByTestId('camera-location-map');
    await picker.click({ position: { x: 200, y: 120 } });
    await vexpect.poll(() => form.getByLabel('Latitudine').inputValue()).toMatch(/^44\.\d+$/);
    vexpect(await form.getByLabel('Longitudine').inputValue()).toMatch(/^10\.\d+$/);

    await form.getByLabel('Indirizzo RTSP principale').fill('http://127.0.0.1/x');
    await form.getByRole('button', { name: 'Salva telecamera' }).click();
    const urlError = page.locator('#camera-main-url-error');
    await urlError.waitFor();
    vexpect(await urlError.innerText()).toMatch(/protocollo http non supportato/);
    vexpect(await form.getByLabel('Indirizzo RTSP principale').getAttribute('aria-invalid')).toBe(
      'true',
    );

    // Above 72 hours a reason is required: the field appears with the longer retention.
    vexpect(await form.getByLabel('Motivazione').count()).toBe(0);
    await form.getByLabel('Conservazione (giorni)').fill('7');
    await form.getByLabel('Motivazione').waitFor();
    await screenshot(page, 'cameras-03-form');
    await form.getByLabel('Conservazione (giorni)').fill('3');
    vexpect(await form.getByLabel('Motivazione').count()).toBe(0);

    await form.getByLabel('Indirizzo RTSP principale').fill(`rtsp://user:${SECRET}@127.0.0.1:1/x`);
    await form.getByRole('button', { name: 'Salva telecamera' }).click();
    await page.getByTestId('cameras-notice').getByText(`Telecamera ${NEW_CODE} creata.`).waitFor();
    await row(page, NEW_CODE).waitFor();

    await vexpect
      .poll(() => stateOf(page, NEW_CODE), { timeout: 30_000, interval: 1_000 })
      .toBe('offline');
    vexpect(await row(page, NEW_CODE).innerText()).toContain('non raggiungibile');
    vexpect(await page.content()).not.toContain(SECRET);
    const api = await page.request.get('/api/cameras');
    vexpect(await api.text()).not.toContain(SECRET);
    vexpect(await map(page).locator(`path.vd-marker[data-code="${NEW_CODE}"]`).count()).toBe(1);
  });

  it('raises the camera alarm in the banner on every page, and takes notice of it', async () => {
    const banner = page.getByTestId('alarm-banner');
    const alarm = banner.locator('li', { hasText: NEW_CODE });
    await alarm.waitFor({ timeout: 30_000 });
    vexpect(await alarm.innerText()).toMatch(/non raggiungibile/);
    vexpect(await alarm.innerText()).toMatch(/dal \d{2}\/\d{2}\/\d{4}/);
    vexpect(await banner.innerText()).not.toContain(SECRET);

    await page.goto('/account');
    await page.getByTestId('alarm-banner').locator('li', { hasText: NEW_CODE }).waitFor();
    await screenshot(page, 'cameras-04-alarm-banner');
    await page
      .getByTestId('alarm-banner')
      .locator('li', { hasText: NEW_CODE })
      .getByRole('button', { name: /Presa visione/ })
      .click();
    await page
      .getByTestId('alarm-banner')
      .locator('li', { hasText: NEW_CODE })
      .getByText(`Presa visione di ${ADMIN.username}`)
      .waitFor();
  });

  it('exports the registry as CSV without credentials', async () => {
    await page.goto('/admin/cameras');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Esporta CSV' }).click(),
    ]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    vexpect(csv).toContain('DEMO-01');
    vexpect(csv).toContain(NEW_CODE);
    vexpect(csv).not.toContain(SECRET);
    vexpect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  it('imports a CSV: the error names the line, a valid file reports the counts', async () => {
    const header = 'code,name,main_url,purpose,retention_days';
    const bad = `${header}\nCAM-CSV-01,Via Ariosto,rtsp://127.0.0.1:1/a,viabilita,3\nCAM-CSV-02,Via Secchi,ftp://x/y,viabilita,3\n`;
    await page.getByLabel('Importa CSV').setInputFiles({
      name: 'telecamere.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad),
    });
    const error = page.locator('[data-error-code]');
    await error.waitFor();
    vexpect(await error.innerText()).toMatch(/riga 3/);

    const good = `${header}\nCAM-CSV-01,Via Ariosto,rtsp://127.0.0.1:1/a,viabilita,3\nDEMO-02,Via Emilia San Pietro,rtsp://127.0.0.1:1/b,sicurezza_urbana,3\n`;
    await page.getByLabel('Importa CSV').setInputFiles({
      name: 'telecamere.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(good),
    });
    await page
      .getByTestId('cameras-notice')
      .getByText('Importazione completata: 1 telecamere create, 1 aggiornate.')
      .waitFor();
    await row(page, 'CAM-CSV-01').waitFor();
    vexpect(await row(page, 'CAM-CSV-01').innerText()).toContain('Viabilità');
  });

  it('edits a camera keeping its password, then deletes it after confirmation', async () => {
    await row(page, NEW_CODE).getByRole('button', { name: 'Modifica' }).click();
    const form = page.getByTestId('camera-form');
    await form.getByRole('heading', { name: `Modifica telecamera ${NEW_CODE}` }).waitFor();
    vexpect(await form.getByLabel('Indirizzo RTSP principale').inputValue()).toBe(
      'rtsp://127.0.0.1:1/x',
    );
    vexpect(await form.getByLabel('Nome utente (facoltativo)').inputValue()).toBe('user');
    const password = form.getByLabel('Password (facoltativa)');
    vexpect(await password.inputValue()).toBe('');
    vexpect(await password.getAttribute('placeholder')).toBe('••• (invariata)');
    await form.getByText('Rimuovi la password memorizzata').waitFor();
    await form.getByLabel('Conservazione (giorni)').fill('7');
    await form.getByLabel('Motivazione').fill('Uffici chiusi nei fine settimana e nei festivi.');
    await form.getByRole('button', { name: 'Salva telecamera' }).click();
    await page
      .getByTestId('cameras-notice')
      .getByText(`Telecamera ${NEW_CODE} aggiornata.`)
      .waitFor();
    vexpect(await row(page, NEW_CODE).innerText()).toContain('7 giorni');

    await row(page, NEW_CODE).getByRole('button', { name: 'Elimina' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Eliminare la telecamera CAM-E2E-01/).waitFor();
    await dialog.getByRole('button', { name: 'Elimina' }).click();
    await page
      .getByTestId('cameras-notice')
      .getByText(`Telecamera ${NEW_CODE} eliminata.`)
      .waitFor();
    vexpect(await row(page, NEW_CODE).count()).toBe(0);
  });

  it('limits a partner operator to the cameras of a group', async () => {
    // DEMO-01 joins the group "uve" through the form.
    await row(page, 'DEMO-01').getByRole('button', { name: 'Modifica' }).click();
    const form = page.getByTestId('camera-form');
    await form.getByLabel('Gruppi di visibilità').fill('uve');
    await form.getByRole('button', { name: 'Salva telecamera' }).click();
    await page.getByTestId('cameras-notice').waitFor();

    // A partner operator, limited to "uve" from the users page.
    const session = (await (await page.request.get('/api/session')).json()) as {
      csrfToken: string;
    };
    const created = await page.request.post('/api/users', {
      headers: { 'x-csrf-token': session.csrfToken },
      data: {
        username: 'partner.uve',
        displayName: 'Paolo Partner',
        role: 'operator',
        password: 'Val-d-Enza-Convenzione-26',
      },
    });
    vexpect(created.status()).toBe(201);
    await page
      .getByRole('navigation', { name: 'Sezioni di amministrazione' })
      .getByRole('link', { name: 'Utenti' })
      .click();
    const userRow = page.locator('tr[data-username="partner.uve"]');
    await userRow.getByRole('button', { name: 'Telecamere' }).click();
    const dialog = page.getByRole('dialog');
    // Bootstrap Italia draws the radio on its label: click that, as a person would.
    await dialog.getByText(/Solo le telecamere di alcuni gruppi/).click();
    await dialog.getByLabel('Gruppi', { exact: true }).fill('uve');
    await dialog.getByRole('button', { name: 'Salva' }).click();
    await userRow.getByText('solo: uve').waitFor();
    await screenshot(page, 'cameras-05-user-scope');

    // Logged in as the partner, only DEMO-01 exists.
    const context = await browser.newContext({ baseURL: server.baseUrl });
    const partner = await context.newPage();
    await partner.goto('/login');
    await partner.getByLabel('Nome utente').fill('partner.uve');
    await partner.getByLabel('Password', { exact: true }).fill('Val-d-Enza-Convenzione-26');
    await partner.getByRole('button', { name: 'Accedi' }).click();
    await partner.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
    const visible = (await (await partner.request.get('/api/cameras')).json()) as {
      items: Array<{ code: string }>;
    };
    vexpect(visible.items.map((c) => c.code)).toEqual(['DEMO-01']);
    await context.close();
  });
});

function map(page: Page): Locator {
  return page.getByTestId('cameras-map');
}
