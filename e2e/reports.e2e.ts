import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect as vexpect, afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, newPage, screenshot } from './support/browser.js';
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
const COMMANDER: Person = {
  username: 'elena.comandante',
  name: 'Elena Ferrari',
  password: 'Corso-Garibaldi-1848',
};

const CAMERAS = [
  'code;name;address;latitude;longitude;main_url;enabled;retention_days',
  'CAM-ESP;Porta San Pietro;Via Emilia San Pietro, Reggio Emilia;44,69716;10,63870;rtsp://10.9.9.1/a;0;3',
  'CAM-PIA;Viale Piave;Viale Piave, Reggio Emilia;44,69548;10,63420;rtsp://10.9.9.2/a;0;3',
].join('\n');

/** The parts of the KPI answer the dashboard is checked against. */
interface Count {
  key: string;
  label: string;
  count: number;
}
interface Kpis {
  period: { month: string | null; label: string };
  extractedAt: string;
  requests: {
    received: number;
    byChannel: Count[];
    byEventType: Count[];
    byRequesterType: Count[];
  };
  outcomes: { evasa: number; negativa: number; open: number; negativaByReason: Count[] };
  turnaround: { buckets: Count[] };
  backlog: { count: number; items: Array<{ number: string }> };
  acquisitions: { acquisitions: number; registered: number };
  footageLost: { count: number };
  targets: Array<{ key: string; value: string; target: string; met: boolean | null }>;
}

/** Screenshots go to the test artifacts, like every browser test's. */
const shot = screenshot;

/** Rome's calendar month now, "2026-12". */
function romeMonth(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' })
    .format(new Date())
    .slice(0, 7);
}

/** A window yesterday, hh:mm–hh:mm Rome time, as ISO instants (good enough around midday UTC). */
function yesterday(fromHour: number, minutes: number): { from: string; to: string } {
  const start = new Date(Date.now() - 24 * 3600_000);
  start.setUTCHours(fromHour - 1, 0, 0, 0);
  return {
    from: start.toISOString(),
    to: new Date(start.getTime() + minutes * 60_000).toISOString(),
  };
}

/** Calls the API with the page's session (cookie + CSRF token), failing on any error status. */
async function call<T>(
  request: APIRequestContext,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
): Promise<T> {
  const session = (await (await request.get('/api/session')).json()) as { csrfToken: string };
  const res = await request.fetch(url, {
    method,
    headers: { 'x-csrf-token': session.csrfToken },
    data: body,
  });
  vexpect(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

describe('reports: the commander’s dashboard and monthly reports in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let kpis: Kpis;
  const month = romeMonth();

  beforeAll(async () => {
    server = await startServer({ VEDETTA_DEMO: '0' });
    browser = await launchBrowser();
    page = await newPage(browser, server.baseUrl);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await screenshot(page, `FAILED-reports-${ctx.task.name.slice(0, 40)}`);
      console.log(server.output().slice(-4000));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('seeds a month: four requests by hand, one fulfilled, one refused', async () => {
    await createAdminFromSetupLink(page, server.setupUrl!, ADMIN);
    addUser(server, OPERATOR, 'operator');
    addUser(server, COMMANDER, 'commander');
    const imported = server.cli(['cameras', 'import', '-'], CAMERAS);
    vexpect(imported.code, imported.stderr).toBe(0);

    await login(page, OPERATOR.username, OPERATOR.password);
    type Created = { id: string; number: string };
    const create = (body: Record<string, unknown>) =>
      call<Created>(page.request, 'POST', '/api/requests', body);
    const theft = await create({
      channel: 'phone',
      subject: 'Furto di una bicicletta in viale Piave',
      eventType: 'furto',
      window: yesterday(9, 30),
      place: { street: 'Viale Piave', number: '8' },
      requester: {
        type: 'other_force',
        name: 'Giulia Verdi',
        rank: 'Maresciallo',
        unit: 'Stazione Carabinieri Reggio Emilia',
      },
    });
    const accident = await create({
      channel: 'phone',
      subject: 'Sinistro stradale in via Emilia San Pietro',
      eventType: 'sinistro_stradale',
      window: yesterday(18, 20),
      place: { street: 'Via Emilia San Pietro' },
      requester: { type: 'officer', name: 'Luca Bianchi', unit: 'Reparto Infortunistica' },
    });
    const citizen = await create({
      channel: 'in_person',
      subject: "Danneggiamento di un'auto in sosta",
      eventType: 'danneggiamento',
      window: yesterday(22, 30),
      place: { street: 'Viale Piave' },
      requester: { type: 'citizen', name: 'Carla Neri' },
    });
    await create({
      channel: 'paper',
      subject: 'Tamponamento in via Emilia San Pietro',
      eventType: 'sinistro_stradale',
      window: yesterday(7, 15),
      place: { street: 'Via Emilia San Pietro' },
      requester: { type: 'lawyer', name: 'Paolo Neri' },
    });

    await call(page.request, 'POST', `/api/requests/${accident.id}/take`, {});
    await call(page.request, 'POST', `/api/requests/${accident.id}/state`, {
      state: 'evasa',
      reason: 'Immagini consegnate al reparto',
    });
    await call(page.request, 'POST', `/api/requests/${citizen.id}/state`, {
      state: 'negativa',
      negativeReason: 'not_entitled',
      reason: 'Il cittadino deve presentare denuncia',
    });
    vexpect(theft.number).toMatch(/^VS-\d{4}-\d{6}$/);
  });

  it('keeps the dashboard from an operator without report.read', async () => {
    await page.goto('/report');
    await page.getByRole('heading', { name: 'Accesso negato' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Navigazione principale' });
    vexpect(await nav.getByRole('link', { name: 'Report' }).count()).toBe(0);
  });

  it('shows the commander the KPIs of the month, equal to the API’s numbers', async () => {
    page = await newPage(browser, server.baseUrl);
    await login(page, COMMANDER.username, COMMANDER.password);
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Report' })
      .click();
    await page.getByRole('heading', { name: 'Cruscotto della Centrale Operativa' }).waitFor();
    const dashboard = page.getByTestId('dashboard');
    await dashboard.waitFor();
    vexpect(await dashboard.getAttribute('data-period')).toBe(month);

    kpis = await call<Kpis>(page.request, 'GET', `/api/reports/kpis?month=${month}`);
    vexpect(kpis.requests.received).toBe(4);
    vexpect(kpis.outcomes.evasa).toBe(1);
    vexpect(kpis.outcomes.negativa).toBe(1);

    const tile = (id: string) => page.getByTestId(id);
    vexpect(await tile('kpi-received').getAttribute('data-value')).toBe('4');
    vexpect(await tile('kpi-evasa').getAttribute('data-value')).toBe(String(kpis.outcomes.evasa));
    vexpect(await tile('kpi-negativa').getAttribute('data-value')).toBe(
      String(kpis.outcomes.negativa),
    );
    vexpect(await tile('kpi-backlog').getAttribute('data-value')).toBe(String(kpis.backlog.count));
    // The targets (100% registered, 0 footage lost …) as the server printed them, met or not.
    vexpect(kpis.targets.map((t) => t.key)).toEqual(
      vexpect.arrayContaining(['registrations', 'footage_lost']),
    );
    for (const target of kpis.targets) {
      const el = tile(`target-${target.key}`);
      vexpect(await el.getAttribute('data-value'), target.key).toBe(target.value);
      vexpect(await el.getAttribute('data-met'), target.key).toBe(
        target.met === null ? null : String(target.met),
      );
      vexpect(await el.innerText()).toContain(target.target);
    }
    const lost = tile('target-footage_lost');
    vexpect(await lost.getAttribute('data-value')).toBe(String(kpis.footageLost.count));

    const meta = await page.getByTestId('extracted-at').innerText();
    vexpect(meta).toMatch(/^Dati estratti il \d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}:\d{2}$/);
    // Each answer states when its data was read: the page's is just before the API call's.
    const shown = Date.parse((await page.getByTestId('extracted-at').getAttribute('data-value'))!);
    const read = Date.parse(kpis.extractedAt);
    vexpect(shown).toBeLessThanOrEqual(read);
    vexpect(read - shown).toBeLessThan(60_000);
  });

  it('draws every chart with one SVG bar per category, labelled in Italian', async () => {
    const bars = async (chart: string, counts: Count[], size: 'width' | 'height' = 'width') => {
      const figure = page.getByTestId(chart);
      const svg = figure.locator('svg[role="img"]');
      vexpect(await svg.count(), chart).toBe(1);
      const label = (await svg.getAttribute('aria-label')) ?? '';
      const drawn = figure.locator('[data-testid="chart-bar"]');
      vexpect(await drawn.count(), chart).toBe(counts.length);
      for (const [i, c] of counts.entries()) {
        const bar = drawn.nth(i);
        vexpect(await bar.getAttribute('data-key')).toBe(c.key);
        vexpect(await bar.getAttribute('data-label')).toBe(c.label);
        vexpect(await bar.getAttribute('data-value')).toBe(String(c.count));
        // The numbers are in the description a screen reader reads.
        vexpect(label).toContain(`${c.label}: ${c.count}`);
        // A bar with a count has a length; zero draws nothing.
        const length = Number(await bar.locator('rect').getAttribute(size));
        vexpect(length > 0, `${chart} ${c.key}`).toBe(c.count > 0);
      }
    };
    await bars('chart-channel', kpis.requests.byChannel);
    await bars('chart-event-type', kpis.requests.byEventType);
    await bars('chart-requester-type', kpis.requests.byRequesterType);
    await bars('chart-negative-reasons', kpis.outcomes.negativaByReason);
    await bars('chart-turnaround', kpis.turnaround.buckets, 'height');

    const phone = page.getByTestId('chart-channel').locator('[data-key="phone"]');
    vexpect(await phone.getAttribute('data-value')).toBe('2');
    vexpect(await phone.locator('text').last().textContent()).toBe('2');

    const outcomes = page.getByTestId('chart-outcomes');
    const evasa = outcomes.locator('[data-testid="chart-segment"][data-key="evasa"]');
    vexpect(await evasa.getAttribute('data-value')).toBe(String(kpis.outcomes.evasa));
    vexpect(await outcomes.locator('svg').getAttribute('aria-label')).toContain(
      `Evase: ${kpis.outcomes.evasa} (25%)`,
    );

    // The backlog, soonest deadline first, with live countdowns.
    const rows = page.getByTestId('backlog-row');
    vexpect(await rows.count()).toBe(kpis.backlog.items.length);
    vexpect(await rows.first().getAttribute('data-number')).toBe(kpis.backlog.items[0]?.number);
    vexpect(await rows.locator('[data-testid="countdown"]').count()).toBeGreaterThan(0);
    await shot(page, 'reports-01-dashboard');
  });

  it('filters by requesting unit', async () => {
    const filter = page.getByTestId('dashboard-filter');
    await filter.getByLabel('Reparto richiedente').selectOption('Reparto Infortunistica');
    await filter.getByRole('button', { name: 'Mostra' }).click();
    await page.waitForURL(/unit=Reparto/);
    await vexpect.poll(() => page.getByTestId('kpi-received').getAttribute('data-value')).toBe('1');
    vexpect(await page.getByTestId('dashboard-meta').innerText()).toContain(
      'Reparto: Reparto Infortunistica',
    );
    await shot(page, 'reports-02-dashboard-unit');
  });

  it('prints without the header and menus, and reads in English from the same keys', async () => {
    await page.emulateMedia({ media: 'print' });
    vexpect(await page.locator('.it-header-wrapper').isVisible()).toBe(false);
    vexpect(await page.getByTestId('dashboard-filter').isVisible()).toBe(false);
    vexpect(await page.getByTestId('chart-channel').isVisible()).toBe(true);
    await shot(page, 'reports-04-dashboard-print');
    await page.emulateMedia({ media: 'screen' });

    const switchTo = async (current: string, next: string) => {
      await page.getByRole('button', { name: current }).click();
      await page.getByRole('button', { name: next, exact: true }).click();
    };
    await switchTo('Lingua: Italiano', 'English');
    await page.getByRole('heading', { name: 'Operations room dashboard' }).waitFor();
    const phone = page.getByTestId('chart-channel').locator('[data-key="phone"]');
    vexpect(await phone.getAttribute('data-label')).toBe('phone');
    vexpect(await page.getByTestId('chart-channel').locator('figcaption').innerText()).toBe(
      'Requests by channel',
    );
    // The period is named in English too (the server's label is Italian).
    const [y, m] = month.split('-').map(Number) as [number, number];
    const english = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric' }).format(
      new Date(y, m - 1, 15),
    );
    vexpect(await page.getByTestId('dashboard-meta').innerText()).toContain(`Period: ${english}`);
    await switchTo('Language: English', 'Italiano');
    await page.getByRole('heading', { name: 'Cruscotto della Centrale Operativa' }).waitFor();
  });

  it('generates the month’s report on demand, lists it and downloads the PDF', async () => {
    await page.getByRole('link', { name: 'Rapporti mensili' }).click();
    await page.getByRole('heading', { name: 'Rapporti mensili', level: 1 }).waitFor();
    const form = page.getByTestId('generate-form');
    await form.getByLabel('Mese').selectOption(month);
    await form.getByRole('button', { name: 'Genera ora' }).click();
    const generated = page.getByTestId('report-generated');
    await generated.waitFor({ timeout: 60_000 });
    const id = await generated.getAttribute('data-id');

    const row = page.locator(`[data-testid="report-row"][data-id="${id}"]`);
    await row.waitFor();
    vexpect(await row.getAttribute('data-period')).toBe(month);
    vexpect(await row.innerText()).toContain('su richiesta');
    vexpect(await row.innerText()).toContain(COMMANDER.name);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByTestId('report-file-pdf').click(),
    ]);
    const file = path.join(ARTIFACTS, 'report.pdf');
    await download.saveAs(file);
    vexpect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    vexpect(download.suggestedFilename()).toMatch(/\.pdf$/);
    for (const kind of ['xlsx', 'csv']) {
      vexpect(await row.getByTestId(`report-file-${kind}`).count()).toBe(1);
    }

    // The year view: this month now has a report (on demand), and says "N su M".
    const monthTile = page.locator(`[data-testid="year-month"][data-month="${month}"]`);
    await vexpect.poll(() => monthTile.getAttribute('data-state')).toBe('produced');
    vexpect(await monthTile.innerText()).toContain('solo su richiesta');
    vexpect(await page.getByTestId('year-produced').getAttribute('data-value')).toMatch(
      /^\d+ su \d+$/,
    );
    const year = page.getByTestId('chart-year');
    vexpect(await year.locator('[data-testid="chart-month"]').count()).toBe(12);
    const thisMonth = year.locator(`[data-month="${Number(month.slice(5))}"]`);
    vexpect(await thisMonth.getAttribute('data-value')).toBe(String(kpis.requests.received));
    await shot(page, 'reports-03-monthly-reports');
  });
});
