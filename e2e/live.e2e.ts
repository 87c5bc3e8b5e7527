import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect as vexpect, afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { RtspSimulator } from '../src/platform/rtsp/rtsp-simulator.js';
import { makeTestClip } from '../src/test-support/media-fixtures.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { startServer, type RunningServer } from './support/server.js';
import { createAdminFromSetupLink, login } from './support/flows.js';

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
/** An operator of a partner command, limited to a camera group no camera here belongs to. */
const PARTNER = {
  username: 'luca.bianchi',
  name: 'Luca Bianchi',
  password: 'Corso-Garibaldi-Ovest-12',
  groups: ['comando-vicino'],
};
const DEMO_CODES = ['DEMO-01', 'DEMO-02', 'DEMO-03', 'DEMO-04'];
const EXTRA = { code: 'LIVE-X', name: 'Via Roma (simulata)' };

// The e2e files compile without the DOM library: page-side values get these shapes.
interface VideoLike {
  currentTime: number;
  paused: boolean;
  readyState: number;
  getVideoPlaybackQuality(): { totalVideoFrames: number };
}
interface VideoState {
  currentTime: number;
  frames: number;
  paused: boolean;
  readyState: number;
}
interface AuditItem {
  action: string;
  actorUsername: string | null;
  objectId: string | null;
  details: Record<string, unknown> | null;
}

const tile = (page: Page, code: string): Locator =>
  page.locator(`[data-testid="live-tile"][data-camera-code="${code}"]`);

const statusOf = (page: Page, code: string) =>
  tile(page, code).getByTestId('live-status').getAttribute('data-state');

const transportOf = (page: Page, code: string) =>
  tile(page, code).getByTestId('live-transport').getAttribute('data-transport');

const videoState = (page: Page, code: string): Promise<VideoState> =>
  tile(page, code)
    .getByTestId('live-video')
    .evaluate((element: unknown) => {
      const video = element as VideoLike;
      return {
        currentTime: video.currentTime,
        frames: video.getVideoPlaybackQuality().totalVideoFrames,
        paused: video.paused,
        readyState: video.readyState,
      };
    });

/** Polls until the camera's picture moves: currentTime advances and new frames are decoded. */
async function expectMoving(page: Page, code: string, timeout = 30_000): Promise<void> {
  await vexpect.poll(() => statusOf(page, code), { timeout, interval: 500 }).toBe('live');
  const before = await videoState(page, code);
  await vexpect
    .poll(
      async () => {
        const now = await videoState(page, code);
        return now.currentTime - before.currentTime > 1.5 && now.frames > before.frames + 5;
      },
      { timeout: 15_000, interval: 500 },
    )
    .toBe(true);
}

/** Seconds of the day of an "HH:mm:ss" clock. */
function secondsOfDay(clock: string): number {
  const [h, m, s] = clock.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

function romeClockNow(): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Rome',
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date());
}

/** GET from inside the page, with its session cookie. */
async function getJson<T>(page: Page, url: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (u) => {
    const res = await fetch(u);
    return { status: res.status, body: (await res.json()) as T };
  }, url);
}

interface SocketOutcome {
  messages: Array<Record<string, unknown>>;
  code: number;
  reason: string;
}

/** Opens a live WebSocket from the page, optionally sends one message, waits for the close. */
function socketFromPage(page: Page, pathAndQuery: string, send?: string): Promise<SocketOutcome> {
  return page.evaluate(
    ({ target, message }) =>
      new Promise<SocketOutcome>((resolve, reject) => {
        const g = globalThis as unknown as {
          location: { host: string };
          WebSocket: new (url: string) => {
            onmessage: ((e: { data: unknown }) => void) | null;
            onclose: ((e: { code: number; reason: string }) => void) | null;
            send(data: string): void;
          };
          setTimeout(fn: () => void, ms: number): void;
        };
        const ws = new g.WebSocket(`ws://${g.location.host}${target}`);
        const messages: Array<Record<string, unknown>> = [];
        ws.onmessage = (e) => {
          if (typeof e.data !== 'string') return;
          const parsed = JSON.parse(e.data) as Record<string, unknown>;
          messages.push(parsed);
          if (message && parsed.type === 'camera') ws.send(message);
        };
        ws.onclose = (e) => resolve({ messages, code: e.code, reason: e.reason });
        g.setTimeout(() => reject(new Error(`no close on ${target}`)), 15_000);
      }),
    { target: pathAndQuery, message: send ?? null },
  );
}

describe('live wall in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let sim: RtspSimulator;
  let clipDir: string;

  beforeAll(async () => {
    server = await startServer({ VEDETTA_DEMO: '1', VEDETTA_DEMO_RTSP_PORT: '0' });
    clipDir = mkdtempSync(path.join(tmpdir(), 'vedetta-e2e-live-'));
    const clip = await makeTestClip({ dir: clipDir, seconds: 30, keyframeSeconds: 1 });
    sim = new RtspSimulator({
      mounts: [
        { path: '/live-x', type: 'file', file: clip },
        { path: '/live-x-sub', type: 'file', file: clip },
      ],
    });
    await sim.start();
    browser = await launchBrowser();
    page = await newPage(browser, server.baseUrl);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await screenshot(page, `FAILED-live-${ctx.task.name.slice(0, 40)}`);
      console.log(server.output().slice(-4000));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sim?.stop();
    if (clipDir) rmSync(clipDir, { recursive: true, force: true });
  });

  it('sets up the admin, who adds a camera and limits a partner operator to other groups', async () => {
    await createAdminFromSetupLink(page, server.setupUrl!, ADMIN);
    for (const [user, role] of [
      [OPERATOR, 'operator'],
      [AUDITOR, 'auditor'],
      [PARTNER, 'operator'],
    ] as const) {
      const created = server.cli([
        'user',
        'add',
        '--username',
        user.username,
        '--role',
        role,
        '--name',
        user.name,
        '--password',
        user.password,
      ]);
      vexpect(created.code, created.stderr).toBe(0);
    }

    await login(page, ADMIN.username, ADMIN.password);
    const created = await page.evaluate(
      async (camera) => {
        const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const res = await fetch('/api/cameras', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify(camera),
        });
        return { status: res.status, text: await res.text() };
      },
      {
        code: EXTRA.code,
        name: EXTRA.name,
        mainUrl: sim.url('/live-x'),
        subUrl: sim.url('/live-x-sub'),
        retentionDays: 1,
      },
    );
    vexpect(created.status, created.text).toBeLessThan(300);
    const limited = await page.evaluate(
      async ({ username, groups }) => {
        const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const users = (await (await fetch('/api/users')).json()) as {
          items: Array<{ id: string; username: string }>;
        };
        const user = users.items.find((u) => u.username === username);
        const res = await fetch(`/api/users/${user?.id ?? 'missing'}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ cameraGroups: groups }),
        });
        return { status: res.status, text: await res.text() };
      },
      { username: PARTNER.username, groups: PARTNER.groups },
    );
    vexpect(limited.status, limited.text).toBeLessThan(300);
    await page.context().clearCookies();
  });

  it('shows a 2×2 wall of the demo cameras with moving pictures, names, states and clocks', async () => {
    await login(page, OPERATOR.username, OPERATOR.password);
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Live' })
      .click();
    await page.getByRole('heading', { name: 'Live', level: 1 }).waitFor();
    await page
      .getByRole('group', { name: 'Disposizione' })
      .getByRole('button', { name: '2×2' })
      .click();
    const list = page.getByRole('navigation', { name: 'Telecamere' });
    for (const code of DEMO_CODES) {
      await list.getByRole('button', { name: new RegExp(code) }).click();
    }
    vexpect(await page.getByTestId('live-tile').count()).toBe(4);
    vexpect(
      await page
        .getByTestId('live-tile')
        .evaluateAll((els: unknown[]) =>
          (els as Array<{ getAttribute(n: string): string | null }>).map((e) =>
            e.getAttribute('data-camera-code'),
          ),
        ),
    ).toEqual(DEMO_CODES);

    // The demo cameras start a few seconds after serve: allow for that on the first one.
    for (const code of DEMO_CODES) await expectMoving(page, code, 60_000);
    // Over WebRTC (H.264 passed through), the lower-latency path, where it connects: here.
    for (const code of DEMO_CODES) {
      vexpect(await transportOf(page, code)).toBe('webrtc');
      const video = tile(page, code).getByTestId('live-video');
      vexpect(
        await video.evaluate((el: unknown) => (el as { srcObject: unknown }).srcObject !== null),
      ).toBe(true);
    }

    for (const code of DEMO_CODES) {
      const t = tile(page, code);
      vexpect(await t.innerText()).toContain(code);
      vexpect((await t.getByTestId('live-status').innerText()).trim()).toBe('In diretta');
      const clock = (await t.getByTestId('live-clock').innerText()).trim();
      vexpect(clock).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      // Server and browser share this machine's clock: the picture is at most a few s old.
      const diff = Math.abs(secondsOfDay(romeClockNow()) - secondsOfDay(clock));
      vexpect(Math.min(diff, 86_400 - diff)).toBeLessThanOrEqual(5);
    }
    // Every tile carries the operator's name (VEDETTA_LIVE_WATERMARK defaults to on).
    const marks = await page.getByTestId('live-watermark').allInnerTexts();
    vexpect(marks).toHaveLength(4);
    for (const mark of marks) vexpect(mark).toContain(OPERATOR.name);
    await page.mouse.move(0, 0);
    await screenshot(page, 'live-01-wall-2x2');
  });

  it('audits the four viewing sessions with start and end once the operator leaves', async () => {
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Home' })
      .click();
    await page.getByRole('heading', { name: /Benvenuto/ }).waitFor();

    const auditor = await newPage(browser, server.baseUrl);
    try {
      await login(auditor, AUDITOR.username, AUDITOR.password);
      const url = `/api/audit?action=live.end&actor=${OPERATOR.username}&limit=100`;
      let items: AuditItem[] = [];
      await vexpect
        .poll(
          async () => {
            const res = await getJson<{ items: AuditItem[] }>(auditor, url);
            vexpect(res.status).toBe(200);
            items = res.body.items;
            return items.length;
          },
          { timeout: 15_000, interval: 500 },
        )
        .toBe(4);
      const codes = items.map((i) => String(i.details?.code)).sort();
      vexpect(codes).toEqual(DEMO_CODES);
      vexpect(items.map((i) => i.details?.transport)).toEqual(Array(4).fill('webrtc'));
      for (const item of items) {
        vexpect(item.actorUsername).toBe(OPERATOR.username);
        const started = Date.parse(String(item.details?.startedAt));
        const ended = Date.parse(String(item.details?.endedAt));
        vexpect(Number.isFinite(started) && Number.isFinite(ended)).toBe(true);
        vexpect(ended - started).toBeGreaterThan(3000);
      }
      const starts = await getJson<{ items: AuditItem[] }>(
        auditor,
        `/api/audit?action=live.start&actor=${OPERATOR.username}&limit=100`,
      );
      vexpect(starts.body.items).toHaveLength(4);
    } finally {
      await auditor.context().close();
    }
  });

  it('brings the saved wall back (layout and cameras) after a reload', async () => {
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Live' })
      .click();
    await page.getByTestId('live-wall').waitFor();
    await page.reload();
    const wall = page.getByTestId('live-wall');
    await wall.waitFor();
    vexpect(await wall.getAttribute('data-layout')).toBe('2x2');
    vexpect(
      await page.getByRole('button', { name: '2×2', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    for (const code of DEMO_CODES) await tile(page, code).waitFor();
    vexpect(await page.getByTestId('live-tile').count()).toBe(4);
    for (const code of DEMO_CODES) await expectMoving(page, code);
  });

  it('puts a double-clicked tile full screen on the main stream, pausing the others', async () => {
    const first = tile(page, 'DEMO-01');
    await first.getByTestId('live-video').dblclick();
    await vexpect
      .poll(() =>
        page.evaluate(() => {
          const d = (
            globalThis as unknown as {
              document: { fullscreenElement: { getAttribute(n: string): string | null } | null };
            }
          ).document;
          return d.fullscreenElement?.getAttribute('data-camera-code') ?? null;
        }),
      )
      .toBe('DEMO-01');
    vexpect(await first.locator('[data-stream]').getAttribute('data-stream')).toBe('main');
    await vexpect.poll(() => statusOf(page, 'DEMO-02')).toBe('paused');
    await expectMoving(page, 'DEMO-01');
    await page.waitForTimeout(500);
    await page.screenshot({ path: '.artifacts/e2e/live-02-fullscreen.png' });

    await first.getByRole('button', { name: 'Esci dallo schermo intero' }).click();
    await vexpect
      .poll(() =>
        page.evaluate(
          () =>
            (globalThis as unknown as { document: { fullscreenElement: unknown } }).document
              .fullscreenElement === null,
        ),
      )
      .toBe(true);
    // The paused tiles resume (the server starts them again at a keyframe).
    for (const code of DEMO_CODES) await expectMoving(page, code);
  });

  it('switches a camera with a sub-stream to its main stream full screen; shows "Non in linea" within 10 s of the camera stopping, and the picture again once it is back', async () => {
    await page.getByRole('button', { name: '3×3', exact: true }).click();
    await page
      .getByRole('navigation', { name: 'Telecamere' })
      .getByRole('button', { name: new RegExp(EXTRA.code) })
      .click();
    vexpect(await page.getByTestId('live-tile').count()).toBe(9);
    await expectMoving(page, EXTRA.code, 45_000);
    // A tile watches the sub-stream; full screen switches to the main one, and back.
    const extra = tile(page, EXTRA.code);
    const served = () => extra.locator('[data-stream]').getAttribute('data-stream');
    vexpect(await served()).toBe('sub');
    await extra.getByRole('button', { name: 'Schermo intero' }).click();
    await vexpect.poll(served).toBe('main');
    await expectMoving(page, EXTRA.code);
    await extra.getByRole('button', { name: 'Esci dallo schermo intero' }).click();
    await vexpect.poll(served).toBe('sub');
    await expectMoving(page, EXTRA.code);
    // A marker that a reload would wipe out.
    await page.evaluate(() => {
      (globalThis as unknown as { vdNoReload: boolean }).vdNoReload = true;
    });

    await sim.stop();
    const stoppedAt = Date.now();
    await vexpect
      .poll(() => statusOf(page, EXTRA.code), { timeout: 10_000, interval: 250 })
      .toBe('offline');
    vexpect(Date.now() - stoppedAt).toBeLessThan(10_000);
    vexpect(await tile(page, EXTRA.code).getByTestId('live-message').innerText()).toContain(
      'Non in linea',
    );
    await page.mouse.move(0, 0);
    await screenshot(page, 'live-03-offline');
    // The other tiles are not disturbed.
    await expectMoving(page, 'DEMO-02');

    await sim.start();
    // The recorder retries with backoff (up to 15 s after a 10 s outage).
    await expectMoving(page, EXTRA.code, 60_000);
    vexpect(
      await page.evaluate(
        () => (globalThis as unknown as { vdNoReload?: boolean }).vdNoReload === true,
      ),
    ).toBe(true);
  });

  it('falls back to MSE over the WebSocket when WebRTC shows no picture within 3 s, and says so on the tile', async () => {
    const other = await newPage(browser, server.baseUrl);
    try {
      // A browser whose WebRTC never completes (as behind a firewall dropping UDP).
      await other.addInitScript(() => {
        const g = globalThis as unknown as {
          RTCPeerConnection: { prototype: { setRemoteDescription: () => Promise<void> } };
        };
        g.RTCPeerConnection.prototype.setRemoteDescription = () => new Promise<void>(() => {});
      });
      await login(other, OPERATOR.username, OPERATOR.password);
      await other.goto('/live');
      await other.getByTestId('live-wall').waitFor();
      await vexpect.poll(() => transportOf(other, 'DEMO-02'), { timeout: 15_000 }).toBe('mse');
      await expectMoving(other, 'DEMO-02');
      const badge = tile(other, 'DEMO-02').getByTestId('live-transport');
      vexpect(await badge.innerText()).toBe('MSE');
      vexpect(await badge.getAttribute('title')).toMatch(/WebRTC non disponibile.*3 s/);
      await other.mouse.move(0, 0);
      await screenshot(other, 'live-04-fallback-mse');
      // `?transport=mse` keeps the tiles on the WebSocket from the start.
      await other.goto('/live?transport=mse');
      await vexpect.poll(() => transportOf(other, 'DEMO-01'), { timeout: 15_000 }).toBe('mse');
      await expectMoving(other, 'DEMO-01');
    } finally {
      await other.context().close();
    }
  });

  it('refuses an unknown camera, a camera outside the user’s groups and a malformed message, closing only that connection', async () => {
    const unknown = await socketFromPage(page, '/api/live/7b0c1d9e-0000-4000-8000-000000000000');
    vexpect(unknown.code).toBe(4404);
    const refusal = unknown.messages.at(-1);
    vexpect(refusal).toMatchObject({ type: 'error', error: 'not_found' });
    vexpect(String(refusal?.message)).toMatch(
      /telecamera 7b0c1d9e-0000-4000-8000-000000000000 inesistente/,
    );
    const notUuid = await socketFromPage(page, '/api/live/nessuna');
    vexpect(notUuid.code).toBe(4404);
    vexpect(notUuid.messages.at(-1)).toMatchObject({
      type: 'error',
      error: 'not_found',
      message: 'Telecamera inesistente',
    });

    const cameras = await getJson<{ items: Array<{ id: string; code: string }> }>(
      page,
      '/api/cameras',
    );
    const demo = cameras.body.items.find((c) => c.code === 'DEMO-03');
    const bad = await socketFromPage(page, `/api/live/${demo!.id}`, '{"type":"zoom","level":9}');
    vexpect(bad.code).toBe(1008);
    vexpect(bad.messages.at(-1)).toMatchObject({ type: 'error', error: 'bad_message' });
    // The wall's own connection to that camera goes on.
    await expectMoving(page, 'DEMO-03');

    // A partner command's operator: the camera is not theirs, so it does not exist for them.
    const partner = await newPage(browser, server.baseUrl);
    try {
      await login(partner, PARTNER.username, PARTNER.password);
      const theirs = await getJson<{ items: Array<{ code: string }> }>(partner, '/api/cameras');
      vexpect(theirs.body.items.map((c) => c.code)).not.toContain('DEMO-03');
      const hidden = await socketFromPage(partner, `/api/live/${demo!.id}`);
      vexpect(hidden.code).toBe(4404);
      vexpect(hidden.messages.at(-1)).toMatchObject({ type: 'error', error: 'not_found' });
      await partner.goto('/live');
      await partner.getByText('Nessuna telecamera visibile al tuo profilo.').waitFor();
    } finally {
      await partner.context().close();
    }
  });

  it('picks cameras for the wall from the map, in the freed place, and says where the others are', async () => {
    await page.goto('/live');
    await page.getByTestId('live-wall').waitFor();
    await tile(page, 'DEMO-03')
      .getByRole('button', { name: /Togli DEMO-03/ })
      .click();
    await vexpect.poll(() => tile(page, 'DEMO-03').count()).toBe(0);
    await page.getByRole('button', { name: 'Scegli dalla mappa' }).click();
    const dialog = page.getByRole('dialog', { name: 'Telecamere sulla mappa' });
    const map = dialog.getByTestId('cameras-map');
    await vexpect.poll(() => map.locator('path.vd-marker').count()).toBe(4);
    vexpect(
      await map.locator('path.vd-marker[data-code="DEMO-01"]').getAttribute('data-placed'),
    ).toBe('Nel riquadro 1');
    vexpect(
      await map.locator('path.vd-marker[data-code="DEMO-03"]').getAttribute('data-placed'),
    ).toBeNull();
    await map.locator('path.vd-marker[data-code="DEMO-03"]').click();
    await vexpect
      .poll(() => dialog.getByTestId('live-map-outcome').innerText())
      .toBe('DEMO-03 nel riquadro 3.');
    await map.locator('path.vd-marker[data-code="DEMO-01"]').click();
    await vexpect
      .poll(() => dialog.getByTestId('live-map-outcome').innerText())
      .toBe('DEMO-01 è già nel riquadro 1.');
    await vexpect
      .poll(() => map.locator('path.vd-marker[data-code="DEMO-03"]').getAttribute('data-placed'))
      .toBe('Nel riquadro 3');
    await dialog.screenshot({ path: '.artifacts/e2e/live-05-map-picker.png' });
    await dialog.getByRole('button', { name: 'Chiudi' }).last().click();
    vexpect(await tile(page, 'DEMO-03').getAttribute('data-slot')).toBe('2');
    await expectMoving(page, 'DEMO-03');
  });
});
