import { expect as vexpect, afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, newPage, screenshot } from './support/browser.js';
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
const SEGMENT_SECONDS = 4;
const CLOCK = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/;

/** "2026-03-13T10:42" for a datetime-local input, in Italian time. */
function romeLocal(instant: number): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Rome',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

// The e2e files compile without the DOM library: page-side values get these shapes.
interface AttributeHolder {
  getAttribute(name: string): string | null;
}
interface VideoLike {
  currentTime: number;
  paused: boolean;
  seeking: boolean;
  readyState: number;
  getVideoPlaybackQuality(): { totalVideoFrames: number };
}

/** Milliseconds of footage the timeline draws as recorded. */
async function recordedMs(page: Page): Promise<number> {
  return page
    .getByTestId('timeline-recorded')
    .evaluateAll((elements: unknown[]) =>
      (elements as AttributeHolder[]).reduce(
        (sum, band) =>
          sum +
          Date.parse(band.getAttribute('data-to') ?? '') -
          Date.parse(band.getAttribute('data-from') ?? ''),
        0,
      ),
    );
}

interface VideoState {
  currentTime: number;
  frames: number;
  paused: boolean;
  seeking: boolean;
  readyState: number;
}

const videoState = (page: Page): Promise<VideoState> =>
  page.getByTestId('player-video').evaluate((element: unknown) => {
    const video = element as VideoLike;
    return {
      currentTime: video.currentTime,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      paused: video.paused,
      seeking: video.seeking,
      readyState: video.readyState,
    };
  });

async function openDemoCamera(page: Page): Promise<void> {
  await page.getByRole('button', { name: /DEMO-01/ }).click();
  await page.getByRole('heading', { name: /DEMO-01/ }).waitFor();
}

describe('recordings in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({
      VEDETTA_DEMO: '1',
      VEDETTA_DEMO_RTSP_PORT: '0',
      VEDETTA_SEGMENT_SECONDS: String(SEGMENT_SECONDS),
    });
    browser = await launchBrowser();
    page = await newPage(browser, server.baseUrl);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await screenshot(page, `FAILED-rec-${ctx.task.name.slice(0, 40)}`);
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

  it('shows the operator the demo cameras and a timeline that fills with footage', async () => {
    await login(page, OPERATOR.username, OPERATOR.password);
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Registrazioni' })
      .click();
    await page.getByRole('heading', { name: 'Registrazioni', level: 1 }).waitFor();
    await openDemoCamera(page);
    await page.getByTestId('timeline').waitFor();
    // The demo cameras start recording a few seconds after serve; the timeline refreshes every 10 s.
    await page.getByTestId('timeline-recorded').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '10 min' }).click();
    await vexpect
      .poll(() => recordedMs(page), { timeout: 90_000, interval: 1000 })
      .toBeGreaterThanOrEqual(30_000);
    await page.mouse.move(0, 0);
    await screenshot(page, 'rec-01-timeline');
  });

  it('asks for a reason, then plays the last 5 minutes', async () => {
    await page.getByRole('button', { name: 'Ultimi 5 minuti' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Motivo della visione').fill('Verifica sinistro stradale via Emilia');
    await dialog.getByLabel(/Protocollo \/ fascicolo/).fill('PROT-2026-0042');
    await screenshot(page, 'rec-02-reason-dialog');
    await dialog.getByRole('button', { name: 'Riproduci' }).click();
    await page.getByTestId('player').waitFor();

    await vexpect
      .poll(async () => (await videoState(page)).frames, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const before = await videoState(page);
    await page.waitForTimeout(3000);
    const after = await videoState(page);
    vexpect(after.paused).toBe(false);
    vexpect(after.currentTime - before.currentTime).toBeGreaterThan(1.5);
    vexpect(after.frames).toBeGreaterThan(before.frames);
    vexpect((await page.getByTestId('player-clock').innerText()).trim()).toMatch(CLOCK);
  });

  it('keeps playing across a segment boundary after a seek', async () => {
    const player = page.getByTestId('player');
    const sessionId = await player.getAttribute('data-session-id');
    const origin = Date.parse(
      (await page.getByTestId('player-video').getAttribute('data-origin'))!,
    );
    const session = await page.evaluate(async (id) => {
      const response = await fetch(`/api/playback/${id}`);
      return (await response.json()) as { segments: Array<{ from: string; to: string }> };
    }, sessionId!);
    vexpect(session.segments.length).toBeGreaterThanOrEqual(3);
    const boundary = (Date.parse(session.segments[2]!.from) - origin) / 1000;

    await page
      .getByTestId('player-video')
      .evaluate(
        (element: unknown, t: number) => ((element as VideoLike).currentTime = t),
        boundary - 1,
      );
    await vexpect
      .poll(async () => {
        const s = await videoState(page);
        return !s.seeking && s.readyState >= 3;
      })
      .toBe(true);
    const start = await videoState(page);
    vexpect(start.currentTime).toBeLessThan(boundary);
    await page.waitForTimeout(3000);
    const end = await videoState(page);
    vexpect(end.paused).toBe(false);
    vexpect(end.currentTime).toBeGreaterThan(boundary + 1);
    vexpect(end.frames).toBeGreaterThan(start.frames);

    const clock = (await page.getByTestId('player-clock').innerText()).trim();
    vexpect(clock).toMatch(CLOCK);
    // Thumbnails are decorative images (the button carries the time): check they loaded.
    const thumbnail = page.getByTestId('thumbnails').locator('img').first();
    await thumbnail.waitFor();
    await vexpect
      .poll(
        () => thumbnail.evaluate((img: unknown) => (img as { naturalWidth: number }).naturalWidth),
        {
          timeout: 15_000,
        },
      )
      .toBeGreaterThan(0);
    await screenshot(page, 'rec-03-player');
  });

  it('jumps over an interruption of the recording and says so', async () => {
    // The server is asked for real footage; one segment is taken out of its answers, as if the
    // recorder had been down for those seconds.
    let dropped: string | null = null;
    const sessionUrl = /\/api\/playback(\/[0-9a-f-]+)?$/;
    await page.route(sessionUrl, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { segments?: Array<{ id: string }> };
      if (body.segments && body.segments.length > 4) {
        dropped ??= body.segments[3]!.id;
        body.segments = body.segments.filter((segment) => segment.id !== dropped);
      }
      await route.fulfill({ response, json: body });
    });
    const previous = await page.getByTestId('player').getAttribute('data-session-id');
    await page.getByRole('button', { name: 'Ultimi 5 minuti' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Motivo della visione').fill('Verifica interruzione');
    await dialog.getByRole('button', { name: 'Riproduci' }).click();
    await vexpect
      .poll(() => page.getByTestId('player').getAttribute('data-session-id'))
      .not.toBe(previous);
    vexpect(dropped).not.toBeNull();
    // Seek once the new session plays (before that the element has no media to seek in).
    await vexpect.poll(async () => (await videoState(page)).frames).toBeGreaterThan(0);
    const sessionId = await page.getByTestId('player').getAttribute('data-session-id');
    const origin = Date.parse(
      (await page.getByTestId('player-video').getAttribute('data-origin'))!,
    );
    const session = await page.evaluate(async (id) => {
      const response = await fetch(`/api/playback/${id}`);
      return (await response.json()) as { segments: Array<{ from: string; to: string }> };
    }, sessionId!);
    const holeStart = (Date.parse(session.segments[2]!.to) - origin) / 1000;
    const resume = (Date.parse(session.segments[3]!.from) - origin) / 1000;
    vexpect(resume - holeStart).toBeGreaterThan(2);

    await page
      .getByTestId('player-video')
      .evaluate(
        (element: unknown, t: number) => ((element as VideoLike).currentTime = t),
        holeStart - 1,
      );
    await page.getByTestId('player-gap').waitFor({ timeout: 8000 });
    vexpect(await page.getByTestId('player-gap').innerText()).toContain(
      'Interruzione della registrazione',
    );
    await page.getByTestId('player').screenshot({ path: `${ARTIFACTS}/rec-04-player-gap.png` });
    await page.waitForTimeout(2000);
    const after = await videoState(page);
    vexpect(after.paused).toBe(false);
    vexpect(after.currentTime).toBeGreaterThan(resume + 0.5);
    await page.unroute(sessionUrl);
  });

  it('opens the reason dialog from a click or from the keyboard on the timeline', async () => {
    await page.getByRole('button', { name: 'Chiudi la riproduzione' }).click();
    await page.getByTestId('player').waitFor({ state: 'detached' });
    const band = page.getByTestId('timeline-recorded').last();
    const box = (await band.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/^dal \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} al /).waitFor();
    await dialog.getByRole('button', { name: 'Annulla' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const slider = page.getByRole('slider', { name: 'Registrazioni di DEMO-01' });
    await slider.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    vexpect(await slider.getAttribute('aria-valuetext')).toMatch(/registrato/);
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Motivo della visione').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('places a hold on the last 10 minutes, shows it on the timeline, then releases it', async () => {
    await page.getByRole('link', { name: 'Blocchi' }).click();
    await page.getByRole('heading', { name: 'Blocchi delle registrazioni' }).waitFor();
    await page.getByRole('button', { name: 'Nuovo blocco' }).click();
    const form = page.getByTestId('new-hold-form');
    // Bootstrap Italia draws the checkbox on its label, which takes the click.
    await form.locator('label', { hasText: 'DEMO-01' }).click();
    vexpect(await form.getByLabel(/DEMO-01/).isChecked()).toBe(true);
    const now = Date.now();
    await form.getByLabel('Dal', { exact: true }).fill(romeLocal(now - 10 * 60_000));
    await form.getByLabel('Al', { exact: true }).fill(romeLocal(now + 60_000));
    // Without a reason the form names the field in Italian and sends nothing.
    await form.getByRole('button', { name: 'Blocca le registrazioni' }).click();
    vexpect(await form.locator('#new-hold-reason-error').innerText()).toBe('Campo obbligatorio');
    vexpect(await form.locator('#new-hold-reason:focus').count()).toBe(1);
    await form.getByLabel('Motivo del blocco').fill('Richiesta della Procura, sinistro via Emilia');
    await form.getByLabel('Protocollo / fascicolo').fill('PROT-2026-0042');
    await screenshot(page, 'rec-05-hold-form');
    await form.getByRole('button', { name: 'Blocca le registrazioni' }).click();
    await page.getByText('Blocco inserito.').waitFor();
    const row = page.getByRole('row', { name: /Richiesta della Procura/ });
    await row.waitFor();
    vexpect(await row.innerText()).toContain('DEMO-01');
    vexpect(await row.innerText()).toContain('PROT-2026-0042');
    await screenshot(page, 'rec-06-holds');

    await page.getByRole('link', { name: 'Riproduzione' }).click();
    await openDemoCamera(page);
    await page.getByRole('button', { name: '1 h' }).click();
    await page.getByTestId('timeline-hold').first().waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    await screenshot(page, 'rec-07-timeline-hold');

    await page.getByRole('link', { name: 'Blocchi' }).click();
    await row.getByRole('button', { name: 'Rimuovi blocco' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Motivo della rimozione').fill('Immagini acquisite, fascicolo chiuso');
    await dialog.getByRole('button', { name: 'Rimuovi blocco' }).click();
    await page.getByText('Blocco rimosso.').waitFor();
    await vexpect.poll(() => row.count()).toBe(0);
    await page.locator('label', { hasText: 'Mostra anche i blocchi rimossi o scaduti' }).click();
    const ended = page.getByRole('row', { name: /Richiesta della Procura/ });
    await ended.waitFor();
    vexpect(await ended.innerText()).toContain('rimosso');
    vexpect(await ended.innerText()).toContain('Immagini acquisite');
    await screenshot(page, 'rec-08-holds-released');
  });
});
