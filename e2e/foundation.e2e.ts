import { expect as vexpect, afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { totpCodeAt } from '../src/modules/auth/totp.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { createAdminFromSetupLink } from './support/flows.js';

const ADMIN = {
  username: 'anna.admin',
  name: 'Anna Amministratrice',
  password: 'Torre-Civica-2026!',
};
const OPERATOR = { username: 'mario.rossi', name: 'Mario Rossi', password: 'Piazza-Prampolini-7' };
const AUDITOR = {
  username: 'rita.revisore',
  name: 'Rita Revisore',
  password: 'Via-Emilia-San-Pietro-3',
};

async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
}

async function logout(page: Page): Promise<void> {
  await page.context().clearCookies();
}

const navLinks = async (page: Page) =>
  (
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link')
      .allInnerTexts()
  ).map((s) => s.trim());

describe('foundation in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.baseUrl);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await screenshot(page, `FAILED-${ctx.task.name.slice(0, 40)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates the first admin from the one-time setup link printed by serve', async () => {
    vexpect(server.setupUrl).toMatch(/\/setup#token=/);
    await createAdminFromSetupLink(page, server.setupUrl!, ADMIN);
    await screenshot(page, '01-after-setup');
  });

  it('names the empty login fields in Italian under each field, not in a browser bubble', async () => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Accedi' }).click();
    const username = page.getByLabel('Nome utente');
    await page.locator('#login-username-error').waitFor();
    vexpect(await page.locator('#login-username-error').innerText()).toBe('Campo obbligatorio');
    vexpect(await page.locator('#login-password-error').innerText()).toBe('Campo obbligatorio');
    vexpect(await username.getAttribute('aria-invalid')).toBe('true');
    vexpect(await page.locator('#login-username:focus').count()).toBe(1);
    await screenshot(page, '02a-login-refused');
  });

  it('logs the admin in and shows only the areas an administrator may use', async () => {
    await login(page, ADMIN.username, ADMIN.password);
    await page
      .getByRole('heading', { name: new RegExp(ADMIN.name) })
      .or(page.getByText(ADMIN.name).first())
      .first()
      .waitFor();
    const links = await navLinks(page);
    vexpect(links).toContain('Amministrazione');
    vexpect(links).not.toContain('Live');
    vexpect(links).not.toContain('Audit');
    await screenshot(page, '02-admin-home');
  });

  it('creates an operator and an auditor from the users page', async () => {
    await page.goto('/admin/users');
    // A refused user: the server's Italian messages under their fields (a schema's own first).
    await page.getByRole('button', { name: 'Nuovo utente' }).click();
    await page.getByLabel('Nome utente').fill('x');
    await page.getByLabel('Nome e cognome').fill('A');
    await page.getByLabel('Ruolo').selectOption('operator');
    await page.getByLabel('E-mail (facoltativa)').fill('non-una-email');
    await page.getByLabel('Password iniziale').fill(OPERATOR.password);
    await page.getByRole('button', { name: 'Crea utente' }).click();
    const messageOf = (id: string) => page.locator(`#${id}-error`).innerText();
    await page.locator('#new-user-email-error').waitFor();
    vexpect(await messageOf('new-user-email')).toBe('Indirizzo di posta elettronica non valido');
    vexpect(await messageOf('new-user-display-name')).toBe('Almeno 2 caratteri');
    vexpect(await messageOf('new-user-username')).toMatch(/^nome utente: 3-64 caratteri/);
    await screenshot(page, '03a-new-user-refused');
    await page.getByRole('button', { name: 'Annulla' }).click();
    for (const [u, role] of [
      [OPERATOR, 'operator'],
      [AUDITOR, 'auditor'],
    ] as const) {
      await page.getByRole('button', { name: 'Nuovo utente' }).click();
      await page.getByLabel('Nome utente').fill(u.username);
      await page.getByLabel('Nome e cognome').fill(u.name);
      await page.getByLabel('Ruolo').selectOption(role);
      await page.getByLabel('Password iniziale').fill(u.password);
      await page.getByRole('button', { name: 'Crea utente' }).click();
      await page.getByRole('row', { name: new RegExp(u.username.replace('.', '\\.')) }).waitFor();
    }
    await screenshot(page, '03-users');
    await logout(page);
  });

  it('refuses a wrong password, then locks the account after five failures', async () => {
    await login(page, OPERATOR.username, 'password-sbagliata');
    await page.getByText('Nome utente o password non corretti').waitFor();
    for (let i = 2; i <= 5; i++) {
      await page.getByLabel('Password', { exact: true }).fill(`password-sbagliata-${i}`);
      await page.getByRole('button', { name: 'Accedi' }).click();
      if (i < 5) await page.waitForTimeout(150);
    }
    await page.getByText(/Account bloccato/).waitFor();
    await screenshot(page, '04-locked');
    // The right password does not get in while locked.
    await page.getByLabel('Password', { exact: true }).fill(OPERATOR.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByText(/Account bloccato/).waitFor();
    vexpect(server.cli(['user', 'list', '--json']).stdout).toMatch(/lockedUntil/);
  });

  it('lets the admin lift the lockout; the operator sees only operator areas', async () => {
    const unlock = server.cli([
      'user',
      'reset-password',
      OPERATOR.username,
      '--password',
      OPERATOR.password,
    ]);
    vexpect(unlock.code).toBe(0);
    await login(page, OPERATOR.username, OPERATOR.password);
    // A reset password is temporary: the operator must choose a new one first.
    await page.getByLabel('Password attuale').fill(OPERATOR.password);
    await page.getByLabel('Nuova password', { exact: true }).fill('Viale-Piave-Nuova-2026');
    await page.getByLabel('Conferma nuova password').fill('Viale-Piave-Nuova-2026');
    await page.getByRole('button', { name: /Cambia password|Salva/ }).click();
    await page.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
    const links = await navLinks(page);
    vexpect(links).toEqual(vexpect.arrayContaining(['Richieste', 'Live', 'Ricerca', 'Evidenze']));
    vexpect(links).not.toContain('Amministrazione');
    vexpect(links).not.toContain('Audit');
    await page.goto('/admin/users');
    await page.getByText('Accesso negato').first().waitFor();
    await page.goto('/live');
    await page.getByRole('heading', { name: 'Live', level: 1 }).waitFor();
    await screenshot(page, '05-operator-live');
  });

  it('enrols TOTP with the QR page, then asks for the code at the next login', async () => {
    await page.goto('/account');
    await page.getByRole('button', { name: 'Attiva verifica in due passaggi' }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    vexpect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await vexpect.poll(() => page.getByRole('img', { name: /Codice QR/ }).isVisible()).toBe(true);
    await screenshot(page, '06-totp-enrol');
    await page.getByLabel('Codice di verifica').fill(totpCodeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Conferma attivazione' }).click();
    await page.getByText('La verifica in due passaggi è attiva.').waitFor();
    await logout(page);

    await login(page, OPERATOR.username, 'Viale-Piave-Nuova-2026');
    await page.getByLabel('Codice di verifica').fill('000000');
    await page.getByRole('button', { name: /Verifica|Accedi/ }).click();
    await page.getByText('Codice di verifica non valido').waitFor();
    // A fresh code from the next time step: the enrolment code may not be reused.
    const next = totpCodeAt(secret, Date.now() + 30_000);
    await page.getByLabel('Codice di verifica').fill(next);
    await page.getByRole('button', { name: /Verifica|Accedi/ }).click();
    await page.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
    await logout(page);
  });

  it('shows those actions to the auditor on the audit page', async () => {
    await login(page, AUDITOR.username, AUDITOR.password);
    await page.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
    const links = await navLinks(page);
    vexpect(links).toContain('Audit');
    vexpect(links).not.toContain('Live');
    vexpect(links).not.toContain('Amministrazione');
    await page.goto('/audit');
    const table = page.getByRole('table');
    await table.getByText('user.create').first().waitFor();
    const text = await table.innerText();
    for (const action of [
      'user.create',
      'auth.login',
      'auth.login_failed',
      'auth.lockout',
      'user.reset_password',
      'account.totp_enable',
      'account.password_change',
    ]) {
      vexpect(text, action).toContain(action);
    }
    vexpect(text).toContain(ADMIN.username);
    vexpect(text).toContain(`cli:`);
    await screenshot(page, '07-audit');
    await page.getByRole('button', { name: 'Verifica catena' }).click();
    await page.getByText(/Catena integra/).waitFor();
    vexpect(server.cli(['audit', 'verify']).code).toBe(0);
  });
});
