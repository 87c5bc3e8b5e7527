import nodemailer from 'nodemailer';
import { expect as vexpect, afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { addUser, createAdminFromSetupLink, login, type Person } from './support/flows.js';

const ADMIN: Person = {
  username: 'anna.admin',
  name: 'Anna Amministratrice',
  password: 'Torre-Civica-2026!',
};
const OPERATOR: Person = {
  username: 'mario.rossi',
  name: 'Mario Rossi',
  password: 'Piazza-Prampolini-7',
};
const OFFICER: Person = {
  username: 'luca.bianchi',
  name: 'Luca Bianchi',
  password: 'Via-Emilia-San-Pietro-12',
};

const CAMERAS = [
  'code;name;address;latitude;longitude;main_url;enabled;retention_days',
  'CAM-ESP;Porta San Pietro;Via Emilia San Pietro, Reggio Emilia;44,69716;10,63870;rtsp://10.9.9.1/a;0;3',
  'CAM-PIA;Viale Piave;Viale Piave, Reggio Emilia;44,69548;10,63420;rtsp://10.9.9.2/a;0;3',
].join('\n');

/** Screenshots go to the test artifacts, like every browser test's. */
const shot = screenshot;

/** A `datetime-local` value for yesterday at hh:mm, in the browser's (Rome) time. */
function yesterdayAt(hhmm: string): string {
  const d = new Date(Date.now() - 24 * 3600_000);
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(d);
  return `${day}T${hhmm}`;
}

/** The message shown under a field (its aria-describedby), or null when it is not marked invalid. */
async function messageUnder(page: Page, label: string): Promise<string | null> {
  const field = page.getByTestId('new-request-form').getByLabel(label, { exact: true });
  if ((await field.getAttribute('aria-invalid')) !== 'true') return null;
  const id = (await field.getAttribute('aria-describedby'))
    ?.split(' ')
    .find((x) => /-error$/.test(x));
  return id ? page.locator(`[id="${id}"]`).innerText() : null;
}

describe('requests: the operators’ and officers’ screens in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ VEDETTA_DEMO: '0' });
    browser = await launchBrowser();
    page = await newPage(browser, server.baseUrl);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await screenshot(page, `FAILED-reqops-${ctx.task.name.slice(0, 40)}`);
      console.log(server.output().slice(-4000));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sets up the admin, an operator, an officer and two cameras', async () => {
    await createAdminFromSetupLink(page, server.setupUrl!, ADMIN);
    addUser(server, OPERATOR, 'operator');
    addUser(server, OFFICER, 'officer');
    const imported = server.cli(['cameras', 'import', '-'], CAMERAS);
    vexpect(imported.code, imported.stderr).toBe(0);
  });

  it('lets an officer ask for footage with the web form, pointing at the place on the map', async () => {
    await login(page, OFFICER.username, OFFICER.password);
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Richieste' })
      .click();
    await page.getByRole('heading', { name: 'Nuova richiesta di immagini', level: 1 }).waitFor();
    // An officer has no channel to choose: it is the web form.
    vexpect(await page.getByLabel('Canale di arrivo').count()).toBe(0);
    // Sent empty: refused, each Italian message under its field; the name is the officer's own.
    await page.getByRole('button', { name: 'Registra la richiesta' }).click();
    await page.getByTestId('request-refused').waitFor();
    vexpect(await messageUnder(page, 'Tipo di evento')).toBe('Indicare il tipo di evento');
    vexpect(await messageUnder(page, 'Via / piazza')).toMatch(/^Indicare il luogo/);
    vexpect(await messageUnder(page, 'Nome e cognome')).toBeNull();
    await page.getByLabel('Tipo di evento').selectOption('danneggiamento');
    await page.getByLabel('Dalle (data e ora)', { exact: true }).fill(yesterdayAt('22:10'));
    await page.getByLabel('Alle (data e ora)', { exact: true }).fill(yesterdayAt('22:40'));
    await page.getByLabel('Oggetto').fill('Auto danneggiata davanti a Porta San Pietro');
    await page.getByLabel('Matricola').fill('4521');
    await page
      .getByLabel('E-mail (per la conferma e l’esito)')
      .fill('luca.bianchi@comune.reggioemilia.it');
    const map = page.getByTestId('request-place-map');
    // The map fits the cameras (grey dots): a click on one places the event right there.
    const dot = map.locator('.leaflet-overlay-pane path').first();
    await dot.waitFor({ state: 'attached' });
    await map.scrollIntoViewIfNeeded();
    const [mapBox, dotBox] = [(await map.boundingBox())!, (await dot.boundingBox())!];
    await map.click({
      position: {
        x: dotBox.x - mapBox.x + dotBox.width / 2,
        y: dotBox.y - mapBox.y + dotBox.height / 2,
      },
    });
    await vexpect.poll(() => page.getByLabel('Latitudine').inputValue()).not.toBe('');
    await page.getByRole('button', { name: 'Aggiungi riferimento' }).click();
    await page.getByTestId('reference-row').getByLabel('Numero').fill('1234/2026');
    await shot(page, 'reqops-01-officer-form');
    await page.getByRole('button', { name: 'Registra la richiesta' }).click();
    const created = page.getByTestId('created-request');
    await created.waitFor();
    vexpect(await created.getAttribute('data-number')).toMatch(/^VS-\d{4}-\d{6}$/);
    vexpect(await page.getByText(/Immagini bloccate su: CAM-/).count()).toBe(1);
    await shot(page, 'reqops-02-officer-created');
  });

  it('lets an operator record a phone request, which gets its hold and acknowledgement', async () => {
    page = await newPage(browser, server.baseUrl);
    await login(page, OPERATOR.username, OPERATOR.password);
    await page.goto('/richieste/nuova');
    // An empty submission: no browser bubble (the form does its own validation), a summary at
    // the top and the server's Italian message under each field, the first one focused.
    const form = page.getByTestId('new-request-form');
    vexpect(await form.getAttribute('novalidate')).not.toBeNull();
    await page.getByRole('button', { name: 'Registra la richiesta' }).click();
    await vexpect
      .poll(() => page.getByTestId('request-refused').innerText())
      .toBe('La richiesta non è stata registrata: correggere i campi segnalati.');
    const expected: Record<string, string> = {
      'Nome e cognome': 'Indicare nome e cognome del richiedente',
      'Tipo di evento': 'Indicare il tipo di evento',
      'Dalle (data e ora)': 'Indicare data e ora di inizio dell’evento',
      'Alle (data e ora)': 'Indicare data e ora di fine dell’evento',
      Oggetto:
        'Indicare l’oggetto o una descrizione: che cosa è successo e perché servono le immagini',
      'Via / piazza':
        'Indicare il luogo: via o piazza, un punto di riferimento, oppure un punto sulla mappa',
    };
    for (const [label, message] of Object.entries(expected)) {
      vexpect(await messageUnder(page, label), label).toBe(message);
    }
    vexpect(await messageUnder(page, 'Canale di arrivo')).toBeNull();
    vexpect(await page.locator(':focus').getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'reqops-03a-empty-form-refused');

    // A window starting tomorrow is footage that does not exist yet.
    const tomorrow = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(
      new Date(Date.now() + 24 * 3600_000),
    );
    await page.getByLabel('Dalle (data e ora)', { exact: true }).fill(`${tomorrow}T09:00`);
    await page.getByLabel('Alle (data e ora)', { exact: true }).fill(`${tomorrow}T09:30`);
    await page.getByLabel('Tipo di evento').selectOption('furto');
    await page.getByLabel('Nome e cognome').fill('Giulia Verdi');
    await page.getByLabel('Oggetto').fill('Furto di bicicletta in viale Piave');
    await page.getByLabel('Via / piazza').fill('Viale Piave');
    await page.getByRole('button', { name: 'Registra la richiesta' }).click();
    await vexpect
      .poll(() => messageUnder(page, 'Dalle (data e ora)'))
      .toMatch(/^L’inizio non può essere nel futuro \(ora della centrale: /);
    vexpect(await messageUnder(page, 'Nome e cognome')).toBeNull();

    await page.getByLabel('Canale di arrivo').selectOption('phone');
    await page.getByLabel('Tipo di richiedente').selectOption('other_force');
    await page.getByLabel('Nome e cognome').fill('Giulia Verdi');
    await page.getByLabel('Qualifica / grado').fill('Maresciallo');
    await page.getByLabel('E-mail (per la conferma e l’esito)').fill('giulia.verdi@carabinieri.it');
    await page.getByLabel('Tipo di evento').selectOption('furto');
    await page.getByLabel('Dalle (data e ora)', { exact: true }).fill(yesterdayAt('09:00'));
    await page.getByLabel('Alle (data e ora)', { exact: true }).fill(yesterdayAt('09:30'));
    await page.getByLabel('Via / piazza').fill('Viale Piave');
    await page.getByLabel('Civico', { exact: true }).fill('8');
    await page.getByRole('button', { name: 'Registra la richiesta' }).click();
    await page.getByTestId('created-request').waitFor();
    vexpect(await page.getByText('Immagini bloccate su: CAM-PIA.').count()).toBe(1);
    await page.getByRole('link', { name: 'Apri la richiesta' }).click();
    await page.getByTestId('request-detail').waitFor();
    vexpect(await page.getByTestId('request-holds').innerText()).toContain('CAM-PIA');
    await shot(page, 'reqops-03-phone-request');
  });

  it('merges a duplicate, corrects a field and fulfils: every requester gets the notice', async () => {
    // A second request for the same theft, on paper from a lawyer.
    await page.goto('/richieste/nuova');
    await page.getByLabel('Canale di arrivo').selectOption('paper');
    await page.getByLabel('Tipo di richiedente').selectOption('lawyer');
    await page.getByLabel('Nome e cognome').fill('Paolo Neri');
    await page.getByLabel('E-mail (per la conferma e l’esito)').fill('paolo.neri@avvocati.it');
    await page.getByLabel('Tipo di evento').selectOption('furto');
    await page.getByLabel('Oggetto').fill('Istanza del difensore: furto in viale Piave');
    await page.getByLabel('Dalle (data e ora)', { exact: true }).fill(yesterdayAt('09:10'));
    await page.getByLabel('Alle (data e ora)', { exact: true }).fill(yesterdayAt('09:40'));
    await page.getByLabel('Via / piazza').fill('Viale Piave');
    await page.getByRole('button', { name: 'Registra la richiesta' }).click();
    const second = await page.getByTestId('created-request').getAttribute('data-number');

    await page.goto('/richieste');
    const first = page.locator('[data-testid="request-row"]', { hasText: 'Giulia Verdi' });
    await first.getByRole('link').first().click();
    const proposals = page.getByTestId('duplicate-proposals');
    await proposals.locator(`li[data-number="${second}"]`).waitFor();
    await page.getByLabel('Motivo dell’unione').fill('Stesso furto, segnalato anche dal difensore');
    await proposals.getByRole('button', { name: 'Unisci in questa' }).click();
    await page.getByText(`Richiesta ${second} unita a questa.`).waitFor();
    vexpect(await page.getByTestId('merged-requesters').innerText()).toContain(
      'paolo.neri@avvocati.it',
    );

    await page.getByRole('button', { name: 'Correggi i dati' }).click();
    const dialog = page.getByTestId('edit-fields-form');
    await dialog.getByLabel('Civico', { exact: true }).fill('10');
    await dialog.getByLabel('Motivo della correzione').fill('Civico confermato dal richiedente');
    await dialog.getByRole('button', { name: 'Salva le correzioni' }).click();
    await dialog.waitFor({ state: 'detached' });
    vexpect(await page.getByTestId('request-fields').innerText()).toContain('Viale Piave 10');
    vexpect(await page.getByTestId('request-history').innerText()).toContain('Civico confermato');

    await page.getByRole('button', { name: 'Prendi in carico' }).click();
    await page.getByText('Richiesta presa in carico.').waitFor();
    const form = page.getByTestId('state-form');
    // Cancelling needs a reason: the server's Italian message shows under the field, no bubble.
    vexpect(await form.getAttribute('novalidate')).not.toBeNull();
    await form.getByLabel('Nuovo stato').selectOption('annullata');
    await form.getByRole('button', { name: 'Applica' }).click();
    const reasonField = form.getByLabel('Motivazione', { exact: true });
    await vexpect.poll(() => reasonField.getAttribute('aria-invalid')).toBe('true');
    const reasonError = await reasonField.getAttribute('aria-describedby');
    vexpect(await page.locator(`[id="${reasonError!.split(' ').pop()!}"]`).innerText()).toBe(
      'indicare la motivazione',
    );
    await form.getByLabel('Nuovo stato').selectOption('evasa');
    await form
      .getByLabel('Evidenza acquisita (identificativo, facoltativo)')
      .fill('AQ-2026-000001');
    vexpect(await page.getByTestId('notice-hint').innerText()).toContain('avviso');
    await form.getByRole('button', { name: 'Applica' }).click();
    await vexpect.poll(() => page.getByTestId('request-state').first().innerText()).toBe('evasa');
    const mail = page.getByTestId('request-mail');
    await mail.locator('li[data-kind="request.fulfilled"]').nth(1).waitFor();
    const notified = await mail.locator('li[data-kind="request.fulfilled"]').allInnerTexts();
    vexpect(notified.join(' ')).toContain('giulia.verdi@carabinieri.it');
    vexpect(notified.join(' ')).toContain('paolo.neri@avvocati.it');
    await shot(page, 'reqops-04-fulfilled');
  });

  it('lists a quarantined mail with its reason, shows it as text and discards it with a reason', async () => {
    const m = /casella richieste \(SMTP\): smtp:\/\/([^\s:]+):(\d+)/.exec(server.output());
    vexpect(m).not.toBeNull();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: Number(m![2]),
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      envelope: { from: 'promo@example.com', to: ['richieste@vedetta.local'] },
      raw: [
        'From: promo@example.com',
        'Subject: <script>alert(1)</script> Offerta',
        'Message-ID: <promo-1@example.com>',
        'Content-Type: multipart/mixed; boundary="x"',
        '',
        '--x',
        'broken',
      ].join('\r\n'),
    });
    transport.close();
    await page.goto('/richieste');
    await page.getByRole('link', { name: 'Quarantena' }).click();
    const row = page.getByTestId('quarantine-row').first();
    await row.waitFor();
    // Why it stayed out, in words (the broken multipart leaves no text to read).
    vexpect(await row.innerText()).toMatch(/struttura MIME non valida|messaggio senza testo/);
    await row.getByRole('button', { name: 'Vedi originale' }).click();
    const raw = page.getByTestId('raw-message');
    await raw.getByText('Message-ID: <promo-1@example.com>').waitFor();
    vexpect(await page.locator('script:has-text("alert(1)")').count()).toBe(0);
    await shot(page, 'reqops-05-quarantine-raw');
    await page.keyboard.press('Escape');
    await row.getByRole('button', { name: 'Scarta' }).click();
    await page.getByLabel('Motivo (almeno 5 caratteri)').fill('Pubblicità, non una richiesta');
    await page.getByRole('button', { name: 'Conferma' }).click();
    await page.getByTestId('quarantine-outcome').waitFor();
    await page.getByText('Nessun messaggio in quarantena.').waitFor();
    await page.locator('label[for="show-discarded"]').click();
    vexpect(await page.getByTestId('quarantine-row').first().innerText()).toContain(
      'Pubblicità, non una richiesta',
    );
  });

  it('imports the previous register, naming the bad lines of a wrong file', async () => {
    await page.goto('/richieste/importa');
    const header = 'Numero;Data;Canale;Richiedente;Evento;Luogo;Stato;Note';
    await page.locator('#legacy-import').setInputFiles({
      name: 'registro.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${header}\n2025/14;12/01/2025 10:20;telefono;Ag. Rossi;sinistro;via Roma;evasa;DVD consegnato\n2025/15;32/01/2025;;;;;;\n`,
      ),
    });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    vexpect(await errors.innerText()).toContain('Riga 3: data "32/01/2025" non esiste');
    await page.locator('#legacy-import').setInputFiles({
      name: 'registro.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${header}\n2025/14;12/01/2025 10:20;telefono;Ag. Rossi;sinistro;via Roma;evasa;DVD consegnato\n`,
      ),
    });
    await vexpect
      .poll(() => page.getByTestId('legacy-done').innerText())
      .toMatch(/1 richieste importate\. VS-2025-000001/);
    await shot(page, 'reqops-06-import');
  });

  it('lets the admin edit a reply template with a preview, and read the outbox', async () => {
    page = await newPage(browser, server.baseUrl);
    await login(page, ADMIN.username, ADMIN.password);
    await page.goto('/richieste');
    await page.getByRole('link', { name: 'Modelli di risposta' }).click();
    await page.getByLabel('Modello').selectOption('refused');
    await page.getByLabel('Oggetto').fill('Esito della richiesta {{numero}}');
    await page.getByRole('button', { name: 'Anteprima' }).click();
    vexpect(await page.getByTestId('preview-subject').innerText()).toBe(
      'Esito della richiesta VS-2026-000123',
    );
    await page.getByRole('button', { name: 'Salva il modello' }).click();
    await page.getByText('Modello salvato.').waitFor();
    vexpect(await page.getByLabel('Modello').locator('option:checked').innerText()).toContain(
      'personalizzato',
    );
    await shot(page, 'reqops-07-templates');
    await page.getByRole('link', { name: 'Posta in uscita' }).click();
    await page.getByTestId('outbox-row').first().waitFor();
    vexpect(await page.getByTestId('outbox').innerText()).toContain('paolo.neri@avvocati.it');
    await shot(page, 'reqops-08-outbox');
  });
});
