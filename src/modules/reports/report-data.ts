import type { Clock } from '../../platform/clock.js';
import {
  CHANNEL_KEYS,
  CHANNEL_LABELS,
  EVENT_KEYS,
  EVENT_LABELS,
  NEGATIVE_KEYS,
  NEGATIVE_REASON_LABELS,
  NO_EVENT_TYPE,
  REQUESTER_KEYS,
  REQUESTER_LABELS,
  labelOf,
} from './labels.js';
import { periodOut, type ResolvedPeriod } from './period.js';
import type {
  ReportAcquisitionRow,
  ReportClipRow,
  ReportDataRepository,
  ReportHoldWindow,
  ReportRequestRow,
} from './report-data.repository.js';
import type { BacklogItem, Count, Kpis, LostCase, Target } from './reports.schemas.js';
import {
  coveredMs,
  hoursBetween,
  ratio,
  round1,
  round4,
  turnaround,
  turnaroundBuckets,
} from './stats.js';

const HOUR_MS = 3_600_000;

/** The corps' targets, printed beside each summary indicator. */
export const TARGETS = {
  registrationRatio: 1,
  footageLost: 0,
  turnaroundP90Hours: 72,
  cameraUptime: 0.99,
} as const;

export const BODYCAM_AUDIT_ACTIONS = {
  view: 'bodycam.view',
  download: 'bodycam.download',
} as const;

/** One received request as the report lists it (PDF list, XLSX and CSV rows). */
export interface ReportRow {
  id: string;
  number: string;
  receivedAt: number;
  channel: string;
  eventType: string | null;
  requesterType: string;
  unit: string | null;
  state: string;
  negativeReason: string | null;
  stateReason: string | null;
  closedAt: number | null;
  /** When the footage was acquired (evidence registered), or marked evasa without evidence. */
  acquiredAt: number | null;
  evidenceNumber: string | null;
  turnaroundHours: number | null;
  dueAt: number | null;
  lost: boolean;
}

/** Everything one report shows: the indicators and the rows under them. */
export interface ReportData {
  kpis: Kpis;
  rows: ReportRow[];
}

/** What the repository returns for one period, before any arithmetic. */
export interface RawReportData {
  period: ResolvedPeriod;
  unit: string | null;
  extractedAt: number;
  received: ReportRequestRow[];
  open: ReportRequestRow[];
  openStates: Map<string, string>;
  lostCandidates: ReportRequestRow[];
  holds: ReportHoldWindow[];
  acquisitions: ReportAcquisitionRow[];
  fulfilledWithoutEvidence: ReportRequestRow[];
  holdCounts: { active: number; placed: number; released: number };
  cameras: Array<{ id: string; code: string; name: string; created_at: number }>;
  gaps: Array<{ camera_id: string; start_ms: number; end_ms: number | null }>;
  clips: ReportClipRow[];
  audit: Map<string, number>;
  /** Share links created in the period on evidence items made from bodycam clips. */
  bodycamShares: number;
  /** Monthly reports produced for the period's year so far, and how many were due. */
  reports: { produced: number; due: number } | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const pct = (r: number | null) =>
  r === null
    ? '—'
    : `${(r * 100).toLocaleString('it-IT', { maximumFractionDigits: 2, minimumFractionDigits: 0 })}%`;

function counts(
  keys: readonly string[],
  labels: Record<string, string>,
  values: Iterable<string>,
): Count[] {
  const n = new Map<string, number>(keys.map((k) => [k, 0]));
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n].map(([key, count]) => ({ key, label: labelOf(labels, key), count }));
}

/** A hold protecting footage at instant `t`. */
function holdsAt(h: ReportHoldWindow, t: number): boolean {
  return (
    h.placed_at <= t &&
    (h.released_at === null || h.released_at > t) &&
    (h.expires_at === null || h.expires_at > t)
  );
}

function acquiredAt(r: ReportRequestRow): number | null {
  if (r.state !== 'evasa') return null;
  return r.evidence_at ?? r.closed_at;
}

/** The indicators of one period, computed from the raw rows (pure: tested without a database). */
export function computeReport(raw: RawReportData): ReportData {
  const { period, extractedAt } = raw;
  const asOf = Math.min(period.to, extractedAt);
  const holdsByRequest = new Map<string, ReportHoldWindow[]>();
  for (const h of raw.holds) {
    if (!h.request_id) continue;
    const list = holdsByRequest.get(h.request_id) ?? [];
    list.push(h);
    holdsByRequest.set(h.request_id, list);
  }
  const heldAt = (id: string, t: number) =>
    (holdsByRequest.get(id) ?? []).some((h) => holdsAt(h, t));

  // Footage lost to expiry: the deadline passed while the request waited with no hold, or it
  // was refused because the footage was gone although it arrived in time.
  const lost: LostCase[] = [];
  for (const r of raw.lostCandidates) {
    const refused = r.state === 'negativa';
    if (!refused && r.due_at !== null && heldAt(r.id, r.due_at)) continue;
    lost.push({
      requestId: r.id,
      number: r.number,
      receivedAt: iso(r.created_at),
      dueAt: r.due_at === null ? null : iso(r.due_at),
      state: r.state,
      unit: r.requester_unit,
      cause: refused ? 'negativa_footage_expired' : 'expired_while_open',
      label: refused
        ? 'Negativa: immagini cancellate mentre la richiesta attendeva'
        : 'Scadenza superata con la richiesta aperta e senza blocco',
    });
  }
  const lostIds = new Set(lost.map((l) => l.requestId));

  const rows: ReportRow[] = raw.received.map((r) => {
    const at = acquiredAt(r);
    return {
      id: r.id,
      number: r.number,
      receivedAt: r.created_at,
      channel: r.channel,
      eventType: r.event_type,
      requesterType: r.requester_type,
      unit: r.requester_unit,
      state: r.state,
      negativeReason: r.negative_reason,
      stateReason: r.state_reason,
      closedAt: r.closed_at,
      acquiredAt: at,
      evidenceNumber: r.evidence_number,
      turnaroundHours:
        at === null ? null : round1(hoursBetween(r.created_at, Math.max(at, r.created_at))),
      dueAt: r.due_at,
      lost: lostIds.has(r.id),
    };
  });

  const durations = raw.received
    .map((r) => {
      const at = acquiredAt(r);
      return at === null ? null : Math.max(0, at - r.created_at);
    })
    .filter((d): d is number => d !== null);
  const t = turnaround(durations);

  const state = (s: string) => raw.received.filter((r) => r.state === s).length;
  const negatives = raw.received.filter((r) => r.state === 'negativa');

  const backlogItems: BacklogItem[] = raw.open
    .map((r) => {
      const open = r.state === 'ricevuta' || r.state === 'in_lavorazione';
      const then = open ? r.state : raw.openStates.get(r.id);
      const s: BacklogItem['state'] =
        then === 'ricevuta' || then === 'in_lavorazione'
          ? then
          : open
            ? 'ricevuta'
            : 'in_lavorazione';
      return {
        id: r.id,
        number: r.number,
        receivedAt: iso(r.created_at),
        state: s,
        eventType: r.event_type,
        requesterType: r.requester_type,
        unit: r.requester_unit,
        dueAt: r.due_at === null ? null : iso(r.due_at),
        hoursLeft: r.due_at === null ? null : round1(hoursBetween(asOf, r.due_at)),
        held: heldAt(r.id, asOf),
      };
    })
    .sort(
      (a, b) =>
        (a.dueAt === null ? 1 : 0) - (b.dueAt === null ? 1 : 0) ||
        (a.dueAt ?? '').localeCompare(b.dueAt ?? '') ||
        a.number.localeCompare(b.number),
    );
  const dueMs = (b: BacklogItem) => (b.dueAt === null ? null : Date.parse(b.dueAt));

  const done = raw.acquisitions.filter((a) => a.status === 'done');
  const exceptions = [
    ...done
      .filter((a) => a.item_id === null)
      .map((a) => ({
        kind: 'acquisition_not_registered' as const,
        ref: a.number,
        at: iso(a.finished_at ?? a.created_at),
        label: 'Acquisizione conclusa senza registrazione del reperto',
      })),
    ...raw.fulfilledWithoutEvidence.map((r) => ({
      kind: 'fulfilled_without_evidence' as const,
      ref: r.number,
      at: iso(r.closed_at ?? r.created_at),
      label: 'Richiesta evasa senza reperto registrato',
    })),
  ];
  const acquisitions = done.length + raw.fulfilledWithoutEvidence.length;
  const registered = done.filter((a) => a.item_id !== null).length;

  // Camera uptime: the share of each camera's time in the period outside recording gaps.
  const gapsByCamera = new Map<string, Array<{ start: number; end: number }>>();
  for (const g of raw.gaps) {
    const list = gapsByCamera.get(g.camera_id) ?? [];
    list.push({ start: g.start_ms, end: g.end_ms ?? asOf });
    gapsByCamera.set(g.camera_id, list);
  }
  let windowTotal = 0;
  let gapTotal = 0;
  let gapCount = 0;
  const cameraItems = raw.cameras.map((c) => {
    const from = Math.max(period.from, c.created_at);
    const windowMs = Math.max(0, asOf - from);
    const gaps = (gapsByCamera.get(c.id) ?? []).filter((g) => g.start < asOf && g.end > from);
    const gapMs = coveredMs(gaps, from, asOf);
    windowTotal += windowMs;
    gapTotal += gapMs;
    gapCount += gaps.length;
    return {
      id: c.id,
      code: c.code,
      name: c.name,
      uptime: windowMs === 0 ? null : round4(1 - gapMs / windowMs),
      gaps: gaps.length,
      gapHours: round1(gapMs / HOUR_MS),
    };
  });
  cameraItems.sort((a, b) => (a.uptime ?? 2) - (b.uptime ?? 2) || a.code.localeCompare(b.code));
  const uptime = windowTotal === 0 ? null : round4(1 - gapTotal / windowTotal);

  const clips = raw.clips;
  const onTime = clips.filter(
    (c) => c.categorized_at !== null && c.categorized_at <= c.categorize_due_at,
  ).length;
  const late = clips.filter(
    (c) => c.categorized_at !== null && c.categorized_at > c.categorize_due_at,
  ).length;
  const overdue = clips.filter(
    (c) => c.categorized_at === null && c.categorize_due_at < asOf,
  ).length;

  const regRatio = ratio(registered, acquisitions);
  const reportTarget: Target = raw.reports
    ? {
        key: 'reports',
        label: 'Rendiconti mensili prodotti nell’anno',
        target: `${raw.reports.due} su ${raw.reports.due}`,
        value: `${raw.reports.produced} su ${raw.reports.due}`,
        met: raw.reports.due === 0 ? null : raw.reports.produced >= raw.reports.due,
      }
    : {
        key: 'reports',
        label: 'Rendiconti mensili prodotti nell’anno',
        target: '12 su 12',
        value: '—',
        met: null,
      };
  const targets: Target[] = [
    {
      key: 'registrations',
      label: 'Acquisizioni registrate',
      target: '100%',
      value: pct(regRatio),
      met: regRatio === null ? null : regRatio >= TARGETS.registrationRatio,
    },
    {
      key: 'footage_lost',
      label: 'Filmati persi per scadenza',
      target: String(TARGETS.footageLost),
      value: String(lost.length),
      met: lost.length <= TARGETS.footageLost,
    },
    {
      key: 'turnaround_p90',
      label: 'Tempo di evasione (90° percentile)',
      target: `≤ ${TARGETS.turnaroundP90Hours} h`,
      value: t.p90Hours === null ? '—' : `${t.p90Hours.toLocaleString('it-IT')} h`,
      met: t.p90Hours === null ? null : t.p90Hours <= TARGETS.turnaroundP90Hours,
    },
    {
      key: 'camera_uptime',
      label: 'Disponibilità delle telecamere',
      target: `≥ ${pct(TARGETS.cameraUptime)}`,
      value: pct(uptime),
      met: uptime === null ? null : uptime >= TARGETS.cameraUptime,
    },
    reportTarget,
  ];

  const kpis: Kpis = {
    period: periodOut(period),
    unit: raw.unit,
    extractedAt: iso(extractedAt),
    asOf: iso(asOf),
    requests: {
      received: raw.received.length,
      byChannel: counts(
        CHANNEL_KEYS,
        CHANNEL_LABELS,
        raw.received.map((r) => r.channel),
      ),
      byEventType: counts(
        EVENT_KEYS,
        EVENT_LABELS,
        raw.received.map((r) => r.event_type ?? NO_EVENT_TYPE),
      ),
      byRequesterType: counts(
        REQUESTER_KEYS,
        REQUESTER_LABELS,
        raw.received.map((r) => r.requester_type),
      ),
    },
    outcomes: {
      evasa: state('evasa'),
      negativa: negatives.length,
      negativaByReason: counts(
        NEGATIVE_KEYS,
        NEGATIVE_REASON_LABELS,
        negatives.map((r) => r.negative_reason ?? 'other'),
      ),
      open: state('ricevuta') + state('in_lavorazione'),
      annullata: state('annullata'),
      unita: state('unita'),
    },
    turnaround: { ...t, buckets: turnaroundBuckets(durations) },
    backlog: {
      count: backlogItems.length,
      expired: backlogItems.filter((b) => {
        const d = dueMs(b);
        return d !== null && d <= asOf;
      }).length,
      dueWithin24h: backlogItems.filter((b) => {
        const d = dueMs(b);
        return d !== null && d > asOf && d <= asOf + 24 * HOUR_MS;
      }).length,
      items: backlogItems,
    },
    acquisitions: {
      acquisitions,
      registered,
      ratio: regRatio,
      failed: raw.acquisitions.filter((a) => a.status === 'failed').length,
      inProgress: raw.acquisitions.filter((a) => a.status === 'queued' || a.status === 'running')
        .length,
      exceptions,
    },
    footageLost: { count: lost.length, cases: lost },
    holds: raw.holdCounts,
    cameras: {
      count: cameraItems.length,
      uptime,
      gaps: gapCount,
      gapHours: round1(gapTotal / HOUR_MS),
      items: cameraItems,
    },
    bodycams: {
      clips: clips.length,
      hours: round1(clips.reduce((s, c) => s + c.duration_ms, 0) / HOUR_MS),
      categorizedOnTime: onTime,
      categorizedLate: late,
      overdue,
      pending: clips.length - onTime - late - overdue,
      onTimeShare: ratio(onTime, clips.length),
      viewings: raw.audit.get(BODYCAM_AUDIT_ACTIONS.view) ?? 0,
      downloads: raw.audit.get(BODYCAM_AUDIT_ACTIONS.download) ?? 0,
      shares: raw.bodycamShares,
    },
    targets,
  };
  return { kpis, rows };
}

/** Reads one period through the repository and computes it: the single query layer. */
export class ReportDataService {
  constructor(private readonly d: { repo: ReportDataRepository; clock: Clock }) {}

  async load(
    period: ResolvedPeriod,
    unit: string | null,
    reports: RawReportData['reports'] = null,
  ): Promise<ReportData> {
    const repo = this.d.repo;
    const extractedAt = this.d.clock.now();
    const asOf = Math.min(period.to, extractedAt);
    const until = asOf;
    const [
      received,
      open,
      lostCandidates,
      acquisitions,
      fulfilled,
      holdCounts,
      cameras,
      gaps,
      clips,
      audit,
      bodycamShares,
    ] = await Promise.all([
      repo.received(period.from, period.to, unit),
      repo.openAt(asOf, unit),
      repo.lostCandidates(period.from, until, unit),
      repo.acquisitions(period.from, period.to, unit),
      repo.fulfilledWithoutEvidence(period.from, period.to, unit),
      repo.holdCounts(period.from, period.to, asOf, unit),
      repo.cameras(period.to),
      repo.gaps(period.from, asOf),
      repo.clips(period.from, period.to),
      repo.auditCounts(Object.values(BODYCAM_AUDIT_ACTIONS), period.from, period.to),
      repo.bodycamShares(period.from, period.to),
    ]);
    const closedSince = open.filter((r) => r.state !== 'ricevuta' && r.state !== 'in_lavorazione');
    const holdIds = [...new Set([...open, ...lostCandidates].map((r) => r.id))];
    const [openStates, holds] = await Promise.all([
      repo.statesAt(
        closedSince.map((r) => r.id),
        asOf,
      ),
      repo.holdsOfRequests(holdIds),
    ]);
    return computeReport({
      period,
      unit,
      extractedAt,
      received,
      open,
      openStates,
      lostCandidates,
      holds,
      acquisitions,
      fulfilledWithoutEvidence: fulfilled,
      holdCounts,
      cameras,
      gaps,
      clips,
      audit,
      bodycamShares,
      reports,
    });
  }
}
