import { createHash, randomUUID } from 'node:crypto';
import type { ManualClock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/database.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { AuditActor } from '../../audit/audit.types.js';
import { ClipsRepository } from '../../bodycams/clips/clips.repository.js';
import type { BodycamClipsTable } from '../../bodycams/bodycams.tables.js';
import { BODYCAM_SOURCE_PREFIX } from '../../evidence/bodycam-evidence.service.js';
import { EvidenceRepository } from '../../evidence/evidence.repository.js';
import type { AcquisitionsTable, EvidenceItemsTable } from '../../evidence/evidence.tables.js';
import { ShareRepository } from '../../evidence/shares/share.repository.js';
import { HoldRepository } from '../../recording/hold.repository.js';
import { SegmentRepository } from '../../recording/segment.repository.js';
import { RequestsRepository } from '../../requests/requests.repository.js';
import type { RequestsTable } from '../../requests/requests.tables.js';

// A deterministic month of data for the reporting tests (October 2026, Europe/Rome), written
// through the owning modules' repositories. Every expected number below is worked out by hand
// in the comments, so a wrong query shows up as a wrong number.

const H = 3_600_000;
const D = 24 * H;
/** 1 October 2026 00:00 in Rome (CEST, UTC+2). */
export const OCT = Date.parse('2026-09-30T22:00:00Z');
/** 1 November 2026 00:00 in Rome (CET, UTC+1): the end of the month, excluded. */
export const NOV = Date.parse('2026-10-31T23:00:00Z');

type Req = Partial<RequestsTable> & {
  key: string;
  channel: string;
  created_at: number;
  requester_type: string;
};

export function requestRow(r: Req, n: number): RequestsTable {
  return {
    id: `req-${r.key}`,
    number: `VS-2026-${String(n).padStart(6, '0')}`,
    channel: r.channel,
    state: r.state ?? 'ricevuta',
    negative_reason: r.negative_reason ?? null,
    state_reason: r.state_reason ?? null,
    merged_into: null,
    subject: `Richiesta ${r.key}`,
    description: '',
    event_type: r.event_type ?? null,
    window_from: r.created_at - 2 * H,
    window_to: r.created_at - H,
    place_text: 'via Emilia San Pietro 12',
    place_street: 'via emilia san pietro',
    place_number: '12',
    place_cross: null,
    place_landmark: null,
    place_lat: 44.6989,
    place_lon: 10.6312,
    refs: '[]',
    requester_name: 'Mario Rossi',
    requester_email: null,
    requester_rank: null,
    requester_badge: null,
    requester_unit: r.requester_unit ?? null,
    requester_phone: null,
    requester_type: r.requester_type,
    urgent: 0,
    da_smistare: 0,
    triage_notes: '[]',
    due_at: r.due_at === undefined ? r.created_at + 7 * D : r.due_at,
    assigned_to: null,
    assigned_name: null,
    intake_id: null,
    source_message_id: null,
    parse_info: null,
    preserved_at: r.created_at,
    created_by: null,
    created_at: r.created_at,
    updated_at: r.closed_at ?? r.created_at,
    closed_at: r.closed_at ?? null,
    evidence_id: r.evidence_id ?? null,
    legacy_number: null,
  };
}

function acquisition(
  id: string,
  n: number,
  requestId: string | null,
  finishedAt: number,
  status: 'done' | 'failed',
): AcquisitionsTable {
  return {
    id,
    number: `AQ-2026-${String(n).padStart(6, '0')}`,
    camera_id: 'cam-a',
    camera_code: 'CAM-A',
    from_ms: finishedAt - 3 * H,
    to_ms: finishedAt - 2 * H,
    reason: 'Richiesta di acquisizione',
    request_id: requestId,
    request_number: null,
    case_ref: null,
    operator_id: null,
    operator_username: 'operatore',
    operator_name: 'Operatore di sala',
    operator_ip: null,
    status,
    progress: status === 'done' ? 1 : 0,
    stage: null,
    error_code: status === 'failed' ? 'no_footage' : null,
    error: status === 'failed' ? 'nessun filmato nel periodo' : null,
    attempts: 1,
    hold_id: null,
    job_id: null,
    created_at: finishedAt - 10 * 60_000,
    started_at: finishedAt - 9 * 60_000,
    finished_at: finishedAt,
    updated_at: finishedAt,
  };
}

function item(a: AcquisitionsTable): EvidenceItemsTable {
  return {
    id: a.id,
    number: a.number,
    acquisition_id: a.id,
    camera_id: a.camera_id,
    camera_code: a.camera_code,
    camera_name: 'Piazza Prampolini',
    requested_from_ms: a.from_ms,
    requested_to_ms: a.to_ms,
    actual_from_ms: a.from_ms,
    actual_to_ms: a.to_ms,
    reason: a.reason,
    request_id: a.request_id,
    request_number: a.request_number,
    case_ref: null,
    operator_id: null,
    operator_username: a.operator_username,
    operator_name: a.operator_name,
    storage_prefix: `evidence/${a.id}`,
    manifest_sha256: 'a'.repeat(64),
    key_fingerprint: 'b'.repeat(64),
    total_bytes: 1000,
    gaps: '[]',
    retain_until: null,
    legal_hold: 0,
    legal_hold_reason: null,
    created_at: a.finished_at ?? a.created_at,
  };
}

export function clipRow(
  id: string,
  start: number,
  durationMs: number,
  due: number,
  categorizedAt: number | null,
): BodycamClipsTable {
  return {
    id,
    sha256: createHash('sha256').update(id).digest('hex'),
    bytes: 1000,
    storage_key: `bodycams/${id}.mp4`,
    original_name: `${id}.mp4`,
    source: 'dock',
    device_id: null,
    device_serial: 'BC-001',
    officer_id: null,
    officer_name: 'Agente Bianchi',
    issue_id: null,
    partner_command: null,
    recorded_start: start,
    recorded_end: start + durationMs,
    time_source: 'metadata',
    duration_ms: durationMs,
    codec: 'h264',
    width: 1280,
    height: 720,
    gps: null,
    gps_points: 0,
    first_lat: null,
    first_lon: null,
    disciplinare_id: 'disc-1',
    disciplinare_number: 1,
    flags: '[]',
    category: categorizedAt === null ? null : 'attivita_ordinaria',
    activation_reason: categorizedAt === null ? null : 'controllo',
    note: null,
    subjects_warned: categorizedAt === null ? null : 1,
    linked_ref: null,
    categorized_by: null,
    categorized_at: categorizedAt,
    categorize_due_at: due,
    retain_until: null,
    legal_hold: 0,
    legal_hold_reason: null,
    not_usable_admin: 0,
    ingested_at: start + durationMs + H,
    deleted_at: null,
    deleted_cause: null,
  };
}

/** Every indicator of October 2026 for the seeded data (unit filter: none). */
export const EXPECTED = {
  received: 13,
  byChannel: { email: 5, pec: 3, form: 2, phone: 1, paper: 1, in_person: 1, legacy_import: 0 },
  byEventType: {
    sinistro_stradale: 5,
    danneggiamento: 2,
    furto: 3,
    aggressione: 1,
    altro: 1,
    non_indicato: 1,
  },
  byRequesterType: { officer: 4, other_force: 1, judicial_authority: 2, lawyer: 2, citizen: 4 },
  evasa: 6,
  negativa: 3,
  negativaByReason: {
    no_camera: 1,
    camera_offline: 0,
    footage_expired: 1,
    not_entitled: 1,
    other: 0,
  },
  open: 3,
  annullata: 1,
  unita: 0,
  // Turnarounds 5, 10, 20, 30, 50, 120 h: median (20+30)/2, p90 rank 4.5 → 50 + 0.5 × 70.
  turnaroundCount: 6,
  medianHours: 25,
  p90Hours: 85,
  buckets: { lt4h: 0, '4to24h': 3, '1to3d': 2, '3to7d': 1, gt7d: 0 },
  // Open at 1 Nov 00:00: R9, R10, R12 and R15 (evasa only on 2 Nov); R9 and R12 past deadline,
  // R15 due 11 hours later.
  backlog: 4,
  backlogExpired: 2,
  dueWithin24h: 1,
  // Done in October: E1–E4 and E13 (a September request); R5 evasa without evidence.
  acquisitions: 6,
  registered: 5,
  ratio: 0.8333,
  failed: 1,
  inProgress: 0,
  // R8 refused for expired footage although it arrived in time; R9 expired open and unheld.
  lost: 2,
  lostNumbers: ['VS-2026-000008', 'VS-2026-000009'],
  holdsActive: 3,
  holdsPlaced: 3,
  holdsReleased: 1,
  // October has 745 hours (summer time ends on the 25th); CAM-A 2 h of gap, CAM-B 6 h + 3 h.
  cameras: 2,
  uptime: 0.9926,
  gaps: 3,
  gapHours: 11,
  clips: 4,
  clipHours: 2.5,
  onTime: 1,
  late: 1,
  overdue: 1,
  pending: 1,
  onTimeShare: 0.25,
  viewings: 3,
  downloads: 1,
  // One link on the bodycam item on 12 October; its November link and the CCTV item's link
  // do not count.
  shares: 1,
} as const;

/**
 * Loads October 2026 (and a few rows around it that must not count). The clock is moved to
 * write audit entries at their time, then left at 23 November 2026 08:00 UTC.
 */
export async function seedOctober2026(db: Db, audit: AuditService, clock: ManualClock) {
  const requests = new RequestsRepository(db);
  const holds = new HoldRepository(db);
  const evidence = new EvidenceRepository(db);
  const segments = new SegmentRepository(db);
  const clips = new ClipsRepository(db);
  const day = (d: number, hourUtc: number) => OCT + (d - 1) * D + (hourUtc + 2) * H;

  await db
    .insertInto('cameras')
    .values(
      ['a', 'b'].map((c) => ({
        id: `cam-${c}`,
        code: `CAM-${c.toUpperCase()}`,
        name: c === 'a' ? 'Piazza Prampolini' : 'Via Emilia San Pietro',
        address: '',
        latitude: null,
        longitude: null,
        main_url: 'rtsp://127.0.0.1:1/x',
        sub_url: null,
        username: null,
        password_enc: null,
        purpose: 'sicurezza_urbana',
        retention_days: 7,
        retention_reason: null,
        enabled: 1,
        notes: '',
        dpia_ref: '',
        is_demo: 0,
        groups: '[]',
        created_at: Date.parse('2026-09-01T00:00:00Z'),
        updated_at: Date.parse('2026-09-01T00:00:00Z'),
      })),
    )
    .execute();

  const acq: AcquisitionsTable[] = [];
  const reqs: Req[] = [
    {
      key: 'r1',
      channel: 'email',
      event_type: 'sinistro_stradale',
      requester_type: 'officer',
      requester_unit: 'Reparto Infortunistica',
      created_at: day(2, 10),
      state: 'evasa',
      evidence_id: 'ev-1',
    },
    {
      key: 'r2',
      channel: 'pec',
      event_type: 'danneggiamento',
      requester_type: 'judicial_authority',
      requester_unit: 'Procura della Repubblica',
      created_at: day(3, 9),
      state: 'evasa',
      evidence_id: 'ev-2',
    },
    {
      key: 'r3',
      channel: 'form',
      event_type: 'furto',
      requester_type: 'citizen',
      created_at: day(4, 8),
      state: 'evasa',
      evidence_id: 'ev-3',
    },
    {
      key: 'r4',
      channel: 'phone',
      event_type: 'sinistro_stradale',
      requester_type: 'other_force',
      requester_unit: 'Carabinieri Stazione Centro',
      created_at: day(5, 7),
      state: 'evasa',
      evidence_id: 'ev-4',
    },
    {
      key: 'r5',
      channel: 'email',
      event_type: 'aggressione',
      requester_type: 'lawyer',
      created_at: day(6, 6),
      state: 'evasa',
      closed_at: day(6, 16),
    },
    {
      key: 'r6',
      channel: 'paper',
      event_type: 'sinistro_stradale',
      requester_type: 'citizen',
      created_at: day(7, 9),
      state: 'negativa',
      negative_reason: 'no_camera',
      closed_at: day(8, 9),
    },
    {
      key: 'r7',
      channel: 'pec',
      event_type: 'altro',
      requester_type: 'lawyer',
      created_at: day(8, 9),
      state: 'negativa',
      negative_reason: 'not_entitled',
      state_reason: 'Manca la nomina del difensore',
      closed_at: day(9, 9),
    },
    {
      key: 'r8',
      channel: 'email',
      event_type: 'danneggiamento',
      requester_type: 'citizen',
      created_at: day(9, 9),
      due_at: day(12, 9),
      state: 'negativa',
      negative_reason: 'footage_expired',
      closed_at: day(12, 10),
    },
    {
      key: 'r9',
      channel: 'email',
      event_type: 'furto',
      requester_type: 'officer',
      requester_unit: 'Reparto Infortunistica',
      created_at: day(21, 9),
      due_at: day(23, 9),
    },
    {
      key: 'r10',
      channel: 'form',
      requester_type: 'officer',
      requester_unit: 'Reparto Infortunistica',
      created_at: Date.parse('2026-10-29T09:00:00Z'),
      due_at: Date.parse('2026-11-04T09:00:00Z'),
      state: 'in_lavorazione',
    },
    {
      key: 'r11',
      channel: 'in_person',
      event_type: 'sinistro_stradale',
      requester_type: 'citizen',
      created_at: Date.parse('2026-10-30T09:00:00Z'),
      state: 'annullata',
      closed_at: Date.parse('2026-10-30T10:00:00Z'),
    },
    {
      key: 'r12',
      channel: 'email',
      event_type: 'sinistro_stradale',
      requester_type: 'officer',
      created_at: day(15, 9),
      due_at: day(20, 9),
    },
    {
      key: 'r13',
      channel: 'email',
      event_type: 'furto',
      requester_type: 'officer',
      created_at: Date.parse('2026-09-25T09:00:00Z'),
      state: 'evasa',
      evidence_id: 'ev-13',
    },
    {
      key: 'r14',
      channel: 'email',
      event_type: 'furto',
      requester_type: 'officer',
      created_at: Date.parse('2026-11-05T09:00:00Z'),
    },
    {
      key: 'r15',
      channel: 'pec',
      event_type: 'furto',
      requester_type: 'judicial_authority',
      created_at: Date.parse('2026-10-28T09:00:00Z'),
      due_at: Date.parse('2026-11-01T10:00:00Z'),
      state: 'evasa',
      evidence_id: 'ev-15',
    },
  ];
  // Receipt → acquisition: r1 5 h, r2 20 h, r3 30 h, r4 50 h, r15 120 h; r13 finished 3 Oct.
  const finished: Record<string, number> = {
    r1: day(2, 15),
    r2: day(4, 5),
    r3: day(5, 14),
    r4: day(7, 9),
    r13: day(3, 12),
    r15: Date.parse('2026-11-02T09:00:00Z'),
  };
  let n = 0;
  for (const r of reqs) {
    n++;
    const done = finished[r.key];
    const row = requestRow({ ...r, ...(done !== undefined && { closed_at: done }) }, n);
    await requests.insert(row);
    if (done !== undefined) {
      const a = acquisition(`ev-${r.key.slice(1)}`, n, row.id, done, 'done');
      acq.push(a);
    }
  }
  // R15 went in_lavorazione on 29 Oct and evasa on 2 Nov: the backlog at 1 Nov reads its history.
  for (const [at, from, to] of [
    [Date.parse('2026-10-29T08:00:00Z'), 'ricevuta', 'in_lavorazione'],
    [Date.parse('2026-11-02T09:00:00Z'), 'in_lavorazione', 'evasa'],
  ] as const) {
    await requests.addHistory({
      id: randomUUID(),
      request_id: 'req-r15',
      at,
      actor: 'operatore',
      action: 'stato',
      from_state: from,
      to_state: to,
      reason: null,
      details: null,
    });
  }
  for (const a of acq) {
    await evidence.insertAcquisition(a);
    await evidence.insertItem(item(a), []);
  }
  await evidence.insertAcquisition(acquisition('ev-failed', 99, null, day(10, 9), 'failed'));

  // Bodycam clips exported as evidence in September (outside October's acquisitions), shared
  // in October and again in November; E1 (CCTV) shared in October too.
  const bodycamAcq: AcquisitionsTable = {
    ...acquisition('ev-bodycam', 98, null, Date.parse('2026-09-28T10:00:00Z'), 'done'),
    camera_id: `${BODYCAM_SOURCE_PREFIX}BC-001`,
    camera_code: 'BC-001',
  };
  await evidence.insertAcquisition(bodycamAcq);
  await evidence.insertItem({ ...item(bodycamAcq), camera_name: 'Bodycam BC-001' }, []);
  const shares = new ShareRepository(db);
  const share = (id: string, evidenceId: string, createdAt: number) =>
    shares.insert({
      id,
      evidence_id: evidenceId,
      token_hash: createHash('sha256').update(id).digest('hex'),
      recipient_type: 'judicial_authority',
      recipient_name: 'Dott. Rossi',
      recipient_org: 'Procura della Repubblica',
      recipient_role: null,
      recipient_email: null,
      reason: 'Trasmissione alla Procura',
      case_ref: null,
      expires_at: createdAt + 7 * D,
      max_downloads: 3,
      downloads: 0,
      password_hash: null,
      failed_attempts: 0,
      locked_at: null,
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
      created_by_id: null,
      created_by_username: 'operatore',
      created_by_name: 'Operatore di sala',
      created_at: createdAt,
      verbale_key: `evidence-shares/${id}/verbale.pdf`,
      verbale_sha256: 'c'.repeat(64),
      verbale_bytes: 1000,
      mail_outbox_id: null,
    });
  await share('share-bodycam-oct', 'ev-bodycam', day(12, 9));
  await share('share-bodycam-nov', 'ev-bodycam', Date.parse('2026-11-04T09:00:00Z'));
  await share('share-cctv-oct', 'ev-1', day(13, 9));

  const hold = (id: string, requestId: string | null, placed: number, released: number | null) =>
    holds.insert(
      {
        id,
        start_ms: placed - 3 * H,
        end_ms: placed - H,
        reason: 'Richiesta di acquisizione',
        case_ref: null,
        request_id: requestId,
        placed_by: 'operatore',
        placed_at: placed,
        expires_at: null,
        released_at: released,
        released_by: released === null ? null : 'operatore',
        release_reason: released === null ? null : 'acquisito',
      },
      ['cam-a'],
    );
  await hold('h12', 'req-r12', day(15, 10), null);
  await hold(
    'h15',
    'req-r15',
    Date.parse('2026-10-28T09:05:00Z'),
    Date.parse('2026-11-02T10:00:00Z'),
  );
  await hold('h10', 'req-r10', Date.parse('2026-10-29T09:05:00Z'), null);
  await hold('h-old', null, Date.parse('2026-09-20T09:00:00Z'), day(5, 9));

  const gap = (id: string, cam: string, start: number, end: number | null) =>
    segments.insertGap({
      id,
      camera_id: cam,
      start_ms: start,
      end_ms: end,
      cause: 'camera_offline',
      detail: null,
      created_at: start,
    });
  await gap('g1', 'cam-a', Date.parse('2026-09-30T20:00:00Z'), OCT + 2 * H);
  await gap('g2', 'cam-b', Date.parse('2026-10-10T10:00:00Z'), Date.parse('2026-10-10T16:00:00Z'));
  await gap('g3', 'cam-b', Date.parse('2026-10-31T20:00:00Z'), null);

  const c = (
    id: string,
    start: number,
    minutes: number,
    dueHours: number,
    catHours: number | null,
  ) =>
    clips.insert(
      clipRow(
        id,
        start,
        minutes * 60_000,
        start + dueHours * H,
        catHours === null ? null : start + catHours * H,
      ),
      db,
    );
  await c('clip-1', day(5, 10), 30, 48, 2);
  await c('clip-2', day(6, 10), 60, 48, 72);
  await c('clip-3', day(20, 10), 15, 48, null);
  await c('clip-4', Date.parse('2026-10-31T21:00:00Z'), 45, 48, null);
  await c('clip-5', Date.parse('2026-09-30T10:00:00Z'), 45, 48, 1);

  const viewer: AuditActor = { userId: null, username: 'comandante', ip: '127.0.0.1' };
  for (const [at, action] of [
    [day(5, 12), 'bodycam.view'],
    [day(6, 12), 'bodycam.view'],
    [day(21, 12), 'bodycam.view'],
    [day(21, 13), 'bodycam.download'],
    [Date.parse('2026-11-03T10:00:00Z'), 'bodycam.view'],
  ] as const) {
    clock.set(at);
    await audit.recordAlone(viewer, { action, objectType: 'bodycam_clip', objectId: 'clip-1' });
  }
  clock.set(Date.parse('2026-11-23T08:00:00Z'));
}
