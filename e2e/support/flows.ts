import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RunningServer } from './server.js';

export interface Person {
  username: string;
  name: string;
  password: string;
}

/** Creates the first administrator through the one-time link `serve` printed; ends on /login. */
export async function createAdminFromSetupLink(
  page: Page,
  setupUrl: string,
  admin: Person,
): Promise<void> {
  await page.goto(setupUrl);
  await page.getByLabel('Nome utente').fill(admin.username);
  await page.getByLabel('Nome e cognome').fill(admin.name);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Conferma password').fill(admin.password);
  await page.getByRole('button', { name: 'Crea amministratore' }).click();
  await page.waitForURL(/\/login/);
}

/** Logs in from the login page and waits for the main navigation. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
}

/** Adds a personal account through the server's CLI (`vedetta user add`). */
export function addUser(server: RunningServer, p: Person, role: string): void {
  const r = server.cli([
    'user',
    'add',
    '--username',
    p.username,
    '--role',
    role,
    '--name',
    p.name,
    '--password',
    p.password,
  ]);
  expect(r.code, r.stderr).toBe(0);
}
