import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect as vexpect, afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeTestClip } from '../src/test-support/media-fixtures.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { addUser, createAdminFromSetupLink, login, type Person } from './support/flows.js';

const ADMIN: Person = {
  username: 'anna.admin',
  name: 'Anna Amministratrice',
  password: 'Torre-Civica-2026!',
};
const COMMANDER: Person = {
  username: 'giulia.verdi',
  name: 'Giulia Verdi',
  password: 'Comando-Via-Brigata-7',
};
const OFFICER: Person = {
  username: 'luca.bianchi',
  name: 'Luca Bianchi',
  password: 'Via-Emilia-San-Pietro-12',
};
const SERIAL = 'BC-0042';
const COURSES = ['Privacy e protezione dei dati', 'Uso della bodycam', 'Gestione dei conflitti'];

/** Screenshots go to the test artifacts, like every browser test's. */
const shot = screenshot;

describe('bodycams: issuing, training, ingest, categorization and audited viewing in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  let commander: Page;
  let officer: Page;
  let checkedOutAt = 0;
  const work = mkdtempSync(path.join(tmpdir(), 'vedetta-bodycam-e2e-'));

  beforeAll(async () => {
    server = await startServer({
      VEDETTA_DEMO: '0',
      VEDETTA_BODYCAM_STABLE_SECONDS: '1',
      VEDETTA_BODYCAM_POLL_SECONDS: '1',
    });
    browser = await launchBrowser();
    admin = await newPage(browser, server.baseUrl);
    commander = await newPage(browser, server.baseUrl);
    officer = await newPage(browser, server.baseUrl);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const [n, p] of [
        ['commander', commander],
        ['officer', officer],
      ] as const) {
        await screenshot(p, `FAILED-bodycam-${n}-${ctx.task.name.slice(0, 30)}`).catch(
          () => undefined,
        );
      }
      console.log(server.output().slice(-4000));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('sets up the admin, a commander and an officer; the commander registers a bodycam', async () => {
    await createAdminFromSetupLink(admin, server.setupUrl!, ADMIN);
    addUser(server, COMMANDER, 'commander');
    addUser(server, OFFICER, 'officer');
    await login(commander, COMMANDER.username, COMMANDER.password);
    await commander
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Bodycam' })
      .click();
    await commander.waitForURL(/\/bodycam\/consegna/);
    await commander
      .getByRole('heading', { name: 'Consegna e riconsegna bodycam', level: 1 })
      .waitFor();
    // Uploads from docking PCs that did not become clips are listed here (none yet).
    await commander
      .getByRole('region', { name: 'Caricamenti non acquisiti' })
      .getByText('Nessun caricamento da controllare.')
      .waitFor();
    const fleet = commander.getByRole('region', { name: 'Dotazione' });
    await fleet.getByLabel('Matricola', { exact: true }).fill(SERIAL);
    await fleet.getByLabel('Modello', { exact: true }).fill('Reveal D5');
    await fleet.getByLabel('Firmware').fill('4.2.1');
    await fleet.getByRole('button', { name: 'Registra' }).click();
    await fleet.getByText(`Bodycam ${SERIAL} registrata.`).waitFor();
    await fleet.getByTestId('bodycam-fleet').getByText(SERIAL).waitFor();
  });

  it('refuses the bodycam to the officer without training, naming the courses', async () => {
    const out = commander.getByRole('region', { name: 'Consegna', exact: true });
    const serial = out.getByLabel('Matricola bodycam');
    // The serial field has the focus: a scanner types and sends Enter.
    await commander.reload();
    await vexpect
      .poll(() =>
        serial.evaluate(
          (el: unknown) =>
            (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement ===
            el,
        ),
      )
      .toBe(true);
    await commander.keyboard.type(SERIAL);
    await commander.keyboard.press('Enter');
    // No officer chosen yet: the focus moves to the search.
    await out.getByText('Scegliere l’agente.').waitFor();
    await out.getByLabel('Cerca agente (nome o matricola)').fill('bianchi');
    await out.getByRole('button', { name: /Luca Bianchi/ }).click();
    await out.getByRole('button', { name: 'Consegna bodycam' }).click();
    const refusal = out.getByRole('alert');
    await refusal.getByText(/formazione mancante/).waitFor();
    const text = await refusal.innerText();
    vexpect(text).toContain('Consegna rifiutata');
    for (const c of COURSES) vexpect(text).toContain(c);
    await shot(commander, '01-consegna-rifiutata');
  });

  it('records the training through the register (CSV errors per line, then sessions)', async () => {
    await commander.getByRole('link', { name: 'Formazione' }).click();
    await commander.getByRole('heading', { name: 'Registro della formazione', level: 1 }).waitFor();
    // A CSV with a bad line: nothing imported, the line named.
    const csv = path.join(work, 'presenze.csv');
    writeFileSync(
      csv,
      'corso;data;matricola;docente;luogo\nprivacy;2026-03-02;luca.bianchi;DPO;Comando\ncorso_ignoto;2026-03-02;luca.bianchi;;\n',
    );
    const imp = commander.getByRole('region', { name: 'Importa presenze da CSV' });
    await imp.getByLabel('File CSV').setInputFiles(csv);
    await imp.getByRole('button', { name: 'Importa' }).click();
    const errors = imp.getByTestId('training-import-errors');
    await errors.waitFor();
    vexpect(await errors.innerText()).toMatch(/riga 3.*corso "corso_ignoto" inesistente/);
    await shot(commander, '02-formazione-errori-csv');

    const session = commander.getByRole('region', { name: 'Registra presenze a una sessione' });
    for (const course of COURSES) {
      await session.getByLabel('Corso').selectOption({ label: course });
      await session.getByLabel('Docente').fill('Ufficio formazione');
      await session.getByLabel('Luogo').fill('Sala riunioni del Comando');
      await session.getByText('Luca Bianchi (luca.bianchi)').click();
      await session.getByRole('button', { name: 'Registra sessione' }).click();
      await session.getByText('Sessione registrata (presenze: 1).').waitFor();
    }
    const row = commander
      .getByTestId('training-officers')
      .getByRole('row', { name: /Luca Bianchi/ });
    await row.getByText('Può ricevere la bodycam').waitFor();
    await shot(commander, '03-formazione-registrata');
  });

  it('issues the bodycam once the training is recorded (serial, search, Enter)', async () => {
    await commander.getByRole('link', { name: 'Consegna e riconsegna' }).click();
    const out = commander.getByRole('region', { name: 'Consegna', exact: true });
    await out.getByLabel('Matricola bodycam').fill(SERIAL);
    await out.getByLabel('Cerca agente (nome o matricola)').fill('luca.b');
    await out.getByLabel('Cerca agente (nome o matricola)').press('Enter');
    await out.getByText(`Bodycam ${SERIAL} consegnata a Luca Bianchi.`).waitFor();
    checkedOutAt = Date.now();
    const fleet = commander.getByTestId('bodycam-fleet');
    const row = fleet.getByRole('row', { name: new RegExp(SERIAL) });
    await row.getByText('Assegnata').waitFor();
    await row.getByText('Luca Bianchi').waitFor();
    await shot(commander, '04-consegnata');
  });

  it('ingests a clip from the dock folder and the officer categorizes it', async () => {
    const clip = await makeTestClip({ dir: path.join(work, 'clips'), seconds: 4 });
    // The clip's time comes from the file (no metadata): recorded after the check-out.
    const wait = checkedOutAt + 6_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const dock = path.join(server.dataDir, 'dock', SERIAL);
    mkdirSync(dock, { recursive: true });
    const staging = path.join(server.dataDir, 'dock-staging.mp4');
    copyFileSync(clip, staging);
    renameSync(staging, path.join(dock, 'VID_0001.MP4'));

    // Check-in by serial alone at the shift end.
    const back = commander.getByRole('region', { name: 'Riconsegna' });
    await back.getByLabel('Matricola bodycam').fill(SERIAL);
    await back.getByLabel('Matricola bodycam').press('Enter');
    await back.getByText(`Bodycam ${SERIAL} riconsegnata da Luca Bianchi.`).waitFor();

    await login(officer, OFFICER.username, OFFICER.password);
    await officer
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Bodycam' })
      .click();
    await officer.waitForURL(/\/bodycam\/mie/);
    const table = officer.getByTestId('bodycam-clips');
    await vexpect
      .poll(
        async () => {
          await officer.reload();
          await officer.getByRole('heading', { name: 'Le mie riprese', level: 1 }).waitFor();
          return table.count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    const row = table.getByRole('row').nth(1);
    await row.getByText('Da categorizzare', { exact: true }).waitFor();
    vexpect(await row.innerText()).toContain(SERIAL);
    await shot(officer, '05-mie-riprese');

    await row.getByRole('button', { name: 'Categorizza' }).click();
    const dialog = officer.getByRole('dialog');
    await dialog
      .getByLabel('Motivo di attivazione')
      .selectOption('Atteggiamento aggressivo o minaccioso');
    await dialog.getByLabel('Categoria').selectOption('rilevante');
    await dialog.locator('label', { hasText: 'Sì, avvisati' }).click();
    await dialog.getByLabel('Nota').fill('Lite in piazza Prampolini, soggetto agitato.');
    await dialog.getByLabel('Verbale o fascicolo collegato').fill('Verbale n. 123/2026');
    await shot(officer, '06-categorizza');
    await dialog.getByRole('button', { name: 'Salva categorizzazione' }).click();
    await officer.getByText('Ripresa categorizzata.').waitFor();
    await row.getByText('Categorizzata', { exact: true }).waitFor();
    vexpect(await row.innerText()).toContain('Rilevante');
  });

  it('lets the commander view the clip only after giving a reason and a case reference, then export it as evidence', async () => {
    await commander.goto('/bodycam/riprese');
    await commander.getByRole('heading', { name: 'Riprese bodycam', level: 1 }).waitFor();
    const row = commander.getByTestId('bodycam-clips').getByRole('row').nth(1);
    vexpect(await row.innerText()).toContain('Luca Bianchi');
    await row.getByRole('button', { name: 'Visiona' }).click();
    const dialog = commander.getByRole('dialog');
    await dialog.getByTestId('not-usable-flag').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Conferma e avvia la visione' });
    vexpect(await confirm.isDisabled()).toBe(true);
    vexpect(await dialog.locator('video').count()).toBe(0);
    await dialog.getByLabel('Motivo della visione').fill('Verifica per la denuncia del soggetto');
    vexpect(await confirm.isDisabled()).toBe(true);
    await dialog
      .getByLabel('Riferimento (fascicolo, verbale, protocollo)')
      .fill('Fascicolo 45/2026');
    await confirm.click();
    const video = dialog.locator('video');
    await video.waitFor();
    await vexpect
      .poll(() => video.evaluate((v: unknown) => (v as { currentTime: number }).currentTime), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0.5);
    await dialog.getByText('Non utilizzabile per illeciti amministrativi').waitFor();
    await shot(commander, '07-visione');

    // Export as evidence, with the same reason and reference: the signed package is registered.
    await dialog.getByRole('button', { name: 'Esporta come reperto' }).click();
    const done = dialog.getByTestId('clip-export-done');
    await done.waitFor({ timeout: 30_000 });
    const number = /AQ-\d{4}-\d{6}/.exec(await done.innerText())?.[0] ?? '';
    vexpect(number).not.toBe('');
    vexpect(await done.innerText()).toContain('sotto blocco legale');
    await shot(commander, '07b-esporta');
    await dialog.getByRole('link', { name: 'Apri il reperto' }).click();
    await commander.getByText(number).first().waitFor();
    vexpect(await commander.locator('main').innerText()).toContain('Fascicolo 45/2026');
  });

  it('shows every step in the audit log', async () => {
    await commander.goto('/audit');
    const table = commander.getByRole('table');
    await table.getByText('bodycam.view').first().waitFor();
    const text = await table.innerText();
    for (const action of [
      'bodycam.device.create',
      'bodycam.checkout_refused',
      'bodycam.training.attendance',
      'bodycam.checkout',
      'bodycam.checkin',
      'bodycam.ingest',
      'bodycam.categorize',
      'bodycam.view',
      'bodycam.export',
    ]) {
      vexpect(text, action).toContain(action);
    }
    vexpect(text).toContain(COMMANDER.username);
    vexpect(text).toContain(OFFICER.username);
    await shot(commander, '08-audit');
    vexpect(server.cli(['audit', 'verify']).code).toBe(0);
  });
});
