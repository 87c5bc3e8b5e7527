import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** Between DEMO-01 (piazza Prampolini) and DEMO-02 (via Emilia San Pietro): both within 300 m. */
const PLACE = { lat: 44.69737, lon: 10.633905 };
const CLOCK = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/;

interface TileState {
  code: string;
  wall: number;
  currentTime: number;
  paused: boolean;
}

// The e2e files compile without the DOM library: page-side values get these shapes.
interface VideoLike {
  currentTime: number;
  paused: boolean;
  dataset: { origin?: string };
}
interface ImageLike {
  naturalWidth: number;
}
interface DatasetHolder {
  dataset: Record<string, string | undefined>;
}

/** Each synchronized tile's wall-clock position, and the shared cursor. */
async function syncState(page: Page): Promise<{ cursor: number; tiles: TileState[] }> {
  const cursor = Number(await page.getByTestId('sync-playback').getAttribute('data-cursor'));
  const codes = await page
    .getByTestId('sync-tile')
    .evaluateAll((els: unknown[]) => (els as DatasetHolder[]).map((e) => e.dataset.code ?? ''));
  const videos = await page.getByTestId('sync-video').evaluateAll((els: unknown[]) =>
    (els as VideoLike[]).map((video) => ({
      wall: Date.parse(video.dataset.origin ?? '') + video.currentTime * 1000,
      currentTime: video.currentTime,
      paused: video.paused,
    })),
  );
  return { cursor, tiles: videos.map((v, i) => ({ ...v, code: codes[i] ?? '' })) };
}

/** Calls the API from the page, as the logged-in user (CSRF token from the session). */
async function apiPost<T>(
  page: Page,
  url: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ url, body }) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T };
    },
    { url, body },
  );
}

/** Runs a standard tool in a folder; exit code and output. */
function run(cmd: string, args: string[], cwd: string): { code: number | null; out: string } {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

/** The three checks a court would run on a package folder. */
function verifyAll(server: RunningServer, dir: string) {
  return {
    sha256sum: run('sha256sum', ['-c', 'SHA256SUMS'], dir),
    openssl: run(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'public-key.pem',
        '-rawin',
        '-in',
        'manifest.json',
        '-sigfile',
        'manifest.sig',
      ],
      dir,
    ),
    vedetta: (() => {
      const r = server.cli(['verify', dir]);
      return { code: r.code, out: r.stdout + r.stderr };
    })(),
  };
}

/** A copy of the package with one byte of `file` flipped. */
function tampered(dir: string, file: string): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'vedetta-tamper-'));
  cpSync(dir, copy, { recursive: true });
  const target = path.join(copy, file);
  const bytes = readFileSync(target);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0x01;
  writeFileSync(target, bytes);
  return copy;
}

describe('event search, synchronized playback and acquisition in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const started = Date.now();
  let requestId = '';
  let requestNumber = '';
  let work = '';

  beforeAll(async () => {
    server = await startServer({ VEDETTA_DEMO: '1', VEDETTA_SEGMENT_SECONDS: '4' });
    browser = await launchBrowser();
    page = await newPage(browser, server.baseUrl);
    work = mkdtempSync(path.join(tmpdir(), 'vedetta-package-'));
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await screenshot(page, `FAILED-search-${ctx.task.name.slice(0, 40)}`);
      console.log(server.output().slice(-4000));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('creates the admin and an operator, who records a request received by phone', async () => {
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
    const res = await apiPost<{
      id: string;
      number: string;
      daSmistare: boolean;
      holds: Array<{ cameras: Array<{ code: string }> }>;
    }>(page, '/api/requests', {
      channel: 'phone',
      subject: 'Sinistro stradale tra piazza Prampolini e via Emilia San Pietro',
      eventType: 'sinistro_stradale',
      // From a minute before the server starts: the first minutes of the window have no footage.
      window: {
        from: new Date(started - 60_000).toISOString(),
        to: new Date(started + 6 * 60_000).toISOString(),
      },
      place: { text: 'tra piazza Prampolini e via Emilia San Pietro', ...PLACE },
      requester: { name: 'Luca Bianchi', rank: 'Agente', type: 'officer' },
    });
    vexpect(res.status, JSON.stringify(res.body)).toBe(201);
    // Preserved at once: both cameras the search will offer (236 m away each) are held.
    vexpect(res.body.daSmistare).toBe(false);
    vexpect(res.body.holds.flatMap((h) => h.cameras.map((c) => c.code)).sort()).toEqual([
      'DEMO-01',
      'DEMO-02',
    ]);
    requestId = res.body.id;
    requestNumber = res.body.number;
  });

  it('waits for three minutes of demo footage', async () => {
    const wait = started + 200_000 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
  }, 240_000);

  it('opens the search pre-filled from the request, finds the two nearest cameras and preselects them', async () => {
    await page.goto(`/richieste/${requestId}`);
    await page.getByTestId('request-search').click();
    await page.waitForURL(/\/ricerca\?request=/);
    await page.getByTestId('search-request').getByText(requestNumber).waitFor();
    await page.getByTestId('search-results').waitFor();
    const hits = page.getByTestId('search-hit');
    await vexpect.poll(() => hits.count()).toBe(2);
    vexpect(
      await hits.evaluateAll((els: unknown[]) =>
        (els as DatasetHolder[]).map((e) => e.dataset.code),
      ),
    ).toEqual(['DEMO-01', 'DEMO-02']);
    vexpect(await page.getByTestId('search-point').innerText()).toContain('44.69737');
    // Both have footage since the server started, and a frame each.
    for (const code of ['DEMO-01', 'DEMO-02']) {
      const hit = page.locator(`[data-testid="search-hit"][data-code="${code}"]`);
      vexpect(await hit.getAttribute('data-summary')).toMatch(/complete|partial/);
      await hit.scrollIntoViewIfNeeded();
      await vexpect
        .poll(() => hit.locator('img').evaluate((img: unknown) => (img as ImageLike).naturalWidth))
        .toBeGreaterThan(0);
    }
    // Both recorded in the window: both are preselected, ready to play, and the page says why.
    vexpect(await page.getByTestId('search-preselected').innerText()).toContain(
      'Preselezionate per la richiesta: 2, le più vicine al luogo con registrazioni nel periodo',
    );
    for (const code of ['DEMO-01', 'DEMO-02']) {
      const box = page.locator(`[data-testid="search-hit"][data-code="${code}"] input`);
      vexpect(await box.isChecked()).toBe(true);
    }
    await page.getByTestId('search-results').scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await screenshot(page, 'search-01-results');
  });

  it('plays the two cameras in sync under one time cursor', async () => {
    // The operator may change the preselection (Bootstrap Italia checkboxes are clicked through
    // their labels): DEMO-02 off, then on again.
    const second = page.locator('[data-testid="search-hit"][data-code="DEMO-02"] input');
    await page.locator('label', { hasText: '2. DEMO-02' }).click();
    vexpect(await second.isChecked()).toBe(false);
    vexpect(await page.getByTestId('search-play').innerText()).toBe('Riproduci');
    await page.locator('label', { hasText: '2. DEMO-02' }).click();
    vexpect(await second.isChecked()).toBe(true);
    await page.getByTestId('search-play').click();
    const dialog = page.getByRole('dialog');
    vexpect(await dialog.getByLabel('Motivo della visione').inputValue()).toContain(requestNumber);
    await dialog.getByRole('button', { name: 'Riproduci' }).click();
    await page.getByTestId('sync-playback').waitFor();
    await vexpect.poll(async () => (await syncState(page)).tiles.length).toBe(2);
    await vexpect
      .poll(
        async () => (await syncState(page)).tiles.every((t) => !t.paused && t.currentTime > 0),
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    const before = await syncState(page);
    await page.waitForTimeout(3000);
    const after = await syncState(page);
    vexpect(after.cursor - before.cursor).toBeGreaterThan(2000);
    for (const [i, tile] of after.tiles.entries()) {
      vexpect(tile.currentTime - before.tiles[i]!.currentTime).toBeGreaterThan(2);
      vexpect(Math.abs(tile.wall - after.cursor)).toBeLessThan(1000);
    }
    vexpect((await page.getByTestId('sync-clock').innerText()).trim()).toMatch(CLOCK);

    // A seek on the shared timeline moves both tiles to the same instant.
    const box = (await page.getByTestId('sync-timeline').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.waitForTimeout(2500);
    const moved = await syncState(page);
    for (const tile of moved.tiles) vexpect(Math.abs(tile.wall - moved.cursor)).toBeLessThan(1000);
    await page.getByTestId('sync-playback').scrollIntoViewIfNeeded();
    await screenshot(page, 'search-02-sync');
  });
  it('shows the coverage of the marked window: refuses one without footage, warns when low', async () => {
    await page.getByTestId('sync-toggle').click(); // pause: the marks fall where the cursor is
    const track = page.getByTestId('sync-timeline');
    const box = (await track.boundingBox())!;
    // The start of the window, a minute before the server started: no camera recorded there.
    await page.mouse.click(box.x + 1, box.y + box.height / 2);
    await page.waitForTimeout(300);
    const cursor = Number(await page.getByTestId('sync-playback').getAttribute('data-cursor'));
    vexpect(Math.abs(cursor - (started - 60_000))).toBeLessThan(2000);
    await page.getByTestId('mark-in').click();
    await track.focus();
    for (let i = 0; i < 3; i++) await track.press('ArrowRight'); // 30 s
    await page.getByTestId('mark-out').click();
    const panel = page.getByTestId('acquire-panel');
    vexpect(await panel.getByTestId('acquire-window').innerText()).toContain('(30 s)');
    const coverage = (code: string) =>
      panel.locator(`[data-testid="acquire-coverage"][data-code="${code}"]`);
    for (const code of ['DEMO-01', 'DEMO-02']) {
      await vexpect.poll(() => coverage(code).getAttribute('data-level')).toBe('none');
      vexpect(await coverage(code).innerText()).toContain('Registrato 0 s su 30 s (0%)');
      // The request's automatic hold covers the whole window on both cameras.
      vexpect(await coverage(code).innerText()).toContain('bloccato 30 s');
    }
    const none = panel.getByTestId('acquire-coverage-none');
    vexpect(await none.innerText()).toContain('DEMO-01: nessuna registrazione nel periodo scelto.');
    vexpect(await none.innerText()).toContain('DEMO-02: nessuna registrazione nel periodo scelto.');
    // Refused with a clear message, and nothing is started.
    await panel.getByTestId('acquire-submit').click();
    await vexpect
      .poll(() => panel.getByRole('alert').allInnerTexts())
      .toContainEqual(
        'Acquisizione rifiutata: nessuna registrazione nel periodo scelto per DEMO-01, DEMO-02. Togli la telecamera dalla selezione o cambia il periodo.',
      );
    await page.waitForTimeout(500);
    vexpect(await page.getByTestId('acquisition').count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'search-03a-coverage-none');

    // A minute and a half, the first minute before the server started: a third at most recorded.
    await track.focus();
    for (let i = 0; i < 6; i++) await track.press('ArrowRight'); // to 30 s after the start
    await page.getByTestId('mark-out').click();
    vexpect(await panel.getByTestId('acquire-window').innerText()).toContain('(1 min 30 s)');
    for (const code of ['DEMO-01', 'DEMO-02']) {
      await vexpect.poll(() => coverage(code).getAttribute('data-level')).toBe('low');
      const percent = Number(await coverage(code).getAttribute('data-percent'));
      vexpect(percent).toBeGreaterThan(0);
      vexpect(percent).toBeLessThan(34);
      vexpect(await coverage(code).innerText()).toMatch(
        new RegExp(
          `Registrato \\d+ s su 1 min 30 s \\(${percent}%\\) · interruzioni 1 min[^·]* · bloccato 1 min 30 s`,
        ),
      );
    }
    const low = panel.getByTestId('acquire-coverage-low');
    vexpect(await low.innerText()).toMatch(/DEMO-01: registrato solo il \d+% del periodo/);
    vexpect(await low.innerText()).toContain('Il pacchetto conterrà solo le parti registrate');
    vexpect(await panel.getByTestId('acquire-submit').innerText()).toBe('Acquisisci comunque');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'search-03b-coverage-low');

    // A deliberate acquisition of the partial footage goes through (DEMO-02 only).
    await panel.locator('label', { hasText: 'DEMO-01' }).click();
    vexpect(await low.innerText()).not.toContain('DEMO-01');
    await panel.getByTestId('acquire-submit').click();
    const partial = page.getByTestId('acquisition');
    await partial.waitFor();
    vexpect(await partial.count()).toBe(1);
    vexpect(await partial.innerText()).toContain('DEMO-02');
    await vexpect
      .poll(() => partial.getAttribute('data-status'), { timeout: 60_000, interval: 500 })
      .toBe('done');
    await panel.locator('label', { hasText: 'DEMO-01' }).click(); // both chosen again
  }, 120_000);

  it('acquires two minutes from one camera, following the progress bar', async () => {
    // From 30 s after the server started: recorded all along, no warning.
    const track = page.getByTestId('sync-timeline');
    await page.getByTestId('mark-in').click();
    await track.focus();
    await track.press('Shift+ArrowRight');
    await track.press('Shift+ArrowRight');
    await page.waitForTimeout(300);
    await page.getByTestId('mark-out').click();
    await page.getByTestId('mark-range').waitFor();
    const panel = page.getByTestId('acquire-panel');
    vexpect(await panel.getByTestId('acquire-window').innerText()).toContain('(2 min)');
    const level = panel.locator('[data-testid="acquire-coverage"][data-code="DEMO-01"]');
    await vexpect
      .poll(async () => Number(await level.getAttribute('data-percent')))
      .toBeGreaterThan(90);
    vexpect(await panel.getByTestId('acquire-coverage-low').count()).toBe(0);
    vexpect(await panel.getByTestId('acquire-coverage-none').count()).toBe(0);
    vexpect(await panel.getByTestId('acquire-submit').innerText()).toBe('Acquisisci');
    vexpect(await panel.getByLabel('Motivo dell’acquisizione').inputValue()).toContain(
      requestNumber,
    );
    vexpect(await panel.getByLabel('Richiesta (numero)').inputValue()).toBe(requestNumber);
    await panel.locator('label', { hasText: 'DEMO-02' }).click(); // only DEMO-01
    await screenshot(page, 'search-03-marks');
    await panel.getByTestId('acquire-submit').click();

    // The newest acquisition comes first, above the partial one of DEMO-02.
    await vexpect.poll(() => page.getByTestId('acquisition').count()).toBe(2);
    const acquisition = page.getByTestId('acquisition').first();
    vexpect(await acquisition.innerText()).toContain('DEMO-01');
    const seen = new Set<string>();
    await vexpect
      .poll(
        async () => {
          seen.add(
            (await acquisition.getByTestId('acquisition-progress').getAttribute('aria-valuenow')) ??
              '',
          );
          return acquisition.getAttribute('data-status');
        },
        { timeout: 90_000, interval: 250 },
      )
      .toBe('done');
    vexpect(
      await acquisition.getByTestId('acquisition-progress').getAttribute('aria-valuenow'),
    ).toBe('100');
    vexpect(seen.size).toBeGreaterThan(1); // the bar moved while the export ran
    await acquisition.scrollIntoViewIfNeeded();
    await screenshot(page, 'search-04-acquired');
  }, 120_000);

  it('downloads the package and verifies it with sha256sum, openssl and vedetta verify', async () => {
    const acquisition = page.getByTestId('acquisition').first();
    const number = (await acquisition.getAttribute('data-number'))!;
    await acquisition.getByTestId('acquisition-download').click();
    const dialog = page.getByRole('dialog');
    vexpect(await dialog.getByLabel('Motivo').inputValue()).toContain(requestNumber);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Scarica' }).click(),
    ]);
    const zip = path.join(work, 'package.zip');
    await download.saveAs(zip);
    vexpect(run('unzip', ['-q', zip, '-d', work], work).code).toBe(0);
    const dir = path.join(work, number);
    const names = readdirSync(dir);
    for (const name of [
      'manifest.json',
      'manifest.sig',
      'public-key.pem',
      'verbale.pdf',
      'SHA256SUMS',
      'LEGGIMI.txt',
    ]) {
      vexpect(names).toContain(name);
    }
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    vexpect(JSON.stringify(manifest)).toContain(requestNumber);
    vexpect(JSON.stringify(manifest)).toContain('DEMO-01');

    const ok = verifyAll(server, dir);
    vexpect(ok.sha256sum.code, ok.sha256sum.out).toBe(0);
    vexpect(ok.openssl.code, ok.openssl.out).toBe(0);
    vexpect(ok.openssl.out).toMatch(/Signature Verified Successfully/);
    vexpect(ok.vedetta.code, ok.vedetta.out).toBe(0);

    const clip = readdirSync(path.join(dir, 'clip')).find((f) => f.endsWith('.mp4'))!;
    for (const file of [path.join('clip', clip), 'manifest.json']) {
      const bad = tampered(dir, file);
      const res = verifyAll(server, bad);
      if (file === 'manifest.json') {
        vexpect(res.openssl.code, `openssl on a changed ${file}`).not.toBe(0);
      } else {
        // The signature covers the manifest, whose hashes name the clip: openssl alone cannot see a
        // changed clip, so the chain is checked as a court would: the manifest's hash of the clip.
        const listed = (
          JSON.parse(readFileSync(path.join(bad, 'manifest.json'), 'utf8')) as {
            files: Array<{ path: string; sha256: string }>;
          }
        ).files.find((f) => f.path.endsWith(clip))!;
        const actual = run('sha256sum', [path.join('clip', clip)], bad).out.split(' ')[0];
        vexpect(actual).not.toBe(listed.sha256);
      }
      vexpect(res.sha256sum.code, `sha256sum on a changed ${file}`).not.toBe(0);
      vexpect(res.vedetta.code, `vedetta verify on a changed ${file}`).not.toBe(0);
      vexpect(res.vedetta.out).toContain(file === 'manifest.json' ? 'manifest' : clip);
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('shows the evidence item in the register with its hashes, custody and public key', async () => {
    const number = (await page.getByTestId('acquisition').first().getAttribute('data-number'))!;
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Evidenze' })
      .click();
    await page.getByRole('heading', { name: 'Registro delle acquisizioni', level: 1 }).waitFor();
    const row = page.locator(`[data-testid="evidence-row"][data-number="${number}"]`);
    await row.waitFor();
    vexpect(await row.innerText()).toContain('DEMO-01');
    vexpect(await row.innerText()).toContain(requestNumber);
    vexpect((await page.getByTestId('key-fingerprint').innerText()).replace(/\s/g, '')).toMatch(
      /^[0-9A-F]{64}$/,
    );
    await screenshot(page, 'search-05-register');
    await row.getByRole('link', { name: number }).click();
    await page.getByTestId('evidence-detail').waitFor();
    vexpect(await page.getByTestId('evidence-files').innerText()).toContain('manifest.json');
    const custody = page.getByTestId('custody');
    await vexpect
      .poll(() => custody.locator('[data-action="download"]').count())
      .toBeGreaterThan(0);
    vexpect(await custody.locator('[data-action="register"]').count()).toBe(1);
    await screenshot(page, 'search-06-evidence');
  });
});
