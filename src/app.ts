import path from 'node:path';
import type { Config } from './config.js';
import { systemClock, type Clock } from './platform/clock.js';
import { loadOrCreateSecretKey, SecretBox } from './platform/crypto/secret-box.js';
import { dialectOf, openDatabase, type Db } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { NotFound } from './platform/errors.js';
import { createHttpServer, type App } from './platform/http/server.js';
import { serveWebApp } from './platform/http/web.js';
import { JobQueue } from './platform/jobs/job-queue.js';
import { JobRepository } from './platform/jobs/job.repository.js';
import { JobWorker } from './platform/jobs/job-worker.js';
import { createLogger, type Logger } from './platform/log/logger.js';
import { installItalianValidationMessages } from './platform/validation-messages.js';
import { LocalStorage } from './platform/storage/local-storage.js';
import type { Storage } from './platform/storage/storage.js';
import { migrationProvider } from './migrations/index.js';
import { AuditRepository } from './modules/audit/audit.repository.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AccountService } from './modules/auth/account.service.js';
import { installAuth, type RouteAccessRecord } from './modules/auth/auth.hook.js';
import { registerAuthJobs } from './modules/auth/auth.jobs.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { AuthService } from './modules/auth/auth.service.js';
import { LoginThrottle } from './modules/auth/login-throttle.js';
import { argon2Hasher, type PasswordHasher } from './modules/auth/password.js';
import { RoleSettingsRepository } from './modules/auth/role-settings.repository.js';
import { SessionRepository } from './modules/auth/session.repository.js';
import { SetupService } from './modules/auth/setup.service.js';
import { UserRepository } from './modules/auth/user.repository.js';
import { usersRoutes } from './modules/auth/users.routes.js';
import { UsersService } from './modules/auth/users.service.js';
import { jobsRoutes } from './modules/jobs/jobs.routes.js';
import { JobsService } from './modules/jobs/jobs.service.js';
import { healthRoutes } from './modules/system/health.routes.js';
import { alarmsRoutes } from './modules/alarms/alarms.routes.js';
import { AlarmsService } from './modules/alarms/alarms.service.js';
import { CameraRepository } from './modules/cameras/camera.repository.js';
import { camerasRoutes } from './modules/cameras/cameras.routes.js';
import { CamerasService } from './modules/cameras/cameras.service.js';
import { DemoService } from './modules/demo/demo.service.js';
import { LiveHub } from './modules/live/live-hub.js';
import { liveRoutes } from './modules/live/live.routes.js';
import { LiveService } from './modules/live/live.service.js';
import { OnDemandSources } from './modules/live/on-demand-sources.js';
import { RecorderTaps } from './modules/live/recorder-taps.js';
import { preferencesRoutes, PreferencesService } from './modules/preferences/preferences.js';
import { HoldRepository } from './modules/recording/hold.repository.js';
import { HoldsService } from './modules/recording/holds.service.js';
import { PlaybackRepository } from './modules/recording/playback.repository.js';
import { PlaybackService } from './modules/recording/playback.service.js';
import { registerRecordingJobs } from './modules/recording/recording.jobs.js';
import { recordingRoutes } from './modules/recording/recording.routes.js';
import { RecordingService } from './modules/recording/recording.service.js';
import { RetentionService } from './modules/recording/retention.service.js';
import { SegmentRepository } from './modules/recording/segment.repository.js';
import { createSmtpSender } from './platform/mail/mail-sender.js';
import { Outbox } from './platform/mail/outbox.js';
import type { IntakeService } from './modules/requests/intake.service.js';
import type { Mailboxes } from './modules/requests/mailboxes.js';
import { createRequestsModule, type RequestsModule } from './modules/requests/requests.module.js';
import { requestsRoutes } from './modules/requests/requests.routes.js';
import type { RequestsService } from './modules/requests/requests.service.js';
import { createEvidenceModule, type EvidenceModule } from './modules/evidence/evidence.module.js';
import { evidenceRoutes } from './modules/evidence/evidence.routes.js';
import { shareRoutes } from './modules/evidence/shares/share.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { SearchService } from './modules/search/search.service.js';
import { ThumbnailSigner } from './modules/search/thumbnail-token.js';
import { createBodycamsModule, type BodycamsModule } from './modules/bodycams/bodycams.module.js';
import { bodycamsAdminRoutes } from './modules/bodycams/bodycams-admin.routes.js';
import { bodycamsClipsRoutes } from './modules/bodycams/bodycams-clips.routes.js';
import { createReportsModule } from './modules/reports/reports.module.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import type { ReportsService } from './modules/reports/reports.service.js';
import { bodycamsUploadsRoutes } from './modules/bodycams/bodycams-uploads.routes.js';
import { bodycamsExportRoutes } from './modules/bodycams/bodycams-export.routes.js';
import {
  createComplianceModule,
  type ComplianceModule,
} from './modules/privacy/compliance.module.js';
import { complianceRoutes } from './modules/privacy/compliance.routes.js';

export interface CoreOptions {
  clock?: Clock;
  logger?: Logger;
  hasher?: PasswordHasher;
  /** Run migrations before building services (serve and migrate do; tests may). */
  migrate?: boolean;
  /** Free bytes on the data disk; storage's statfs by default (tests model a disk). */
  freeBytes?: () => Promise<number | null>;
}

/** Everything but HTTP: used by `serve`, by CLI commands and by integration tests. */
export interface Core {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Db;
  storage: Storage;
  queue: JobQueue;
  worker: JobWorker;
  audit: AuditService;
  auth: AuthService;
  account: AccountService;
  users: UsersService;
  setup: SetupService;
  jobs: JobsService;
  cameras: CamerasService;
  alarms: AlarmsService;
  recording: RecordingService;
  retention: RetentionService;
  holds: HoldsService;
  playback: PlaybackService;
  demo: DemoService;
  live: LiveService;
  preferences: PreferencesService;
  requests: RequestsService;
  /** Every service of the requests capability (lifecycle, notices, duplicates…). */
  requestsModule: RequestsModule;
  intake: IntakeService;
  search: SearchService;
  /** Acquisitions, the evidence register and the installation's signing key. */
  evidence: EvidenceModule;
  outbox: Outbox;
  /** The intake's mailboxes (built-in SMTP receiver, IMAP): started by `serve`. */
  mailboxes: Mailboxes;
  /** Bodycams: disciplinare, training, fleet, dock ingest (started with the recorder), clips. */
  bodycams: BodycamsModule;
  /** Monthly reporting: KPIs, stored reports, the 1st-of-month job. */
  reports: ReportsService;
  /** Compliance records (G1): DPIA, DPO opinion, regulation text, signage notice per tool. */
  compliance: ComplianceModule;
  /** The recorder role: demo cameras, continuous recording and the free-space guard. */
  startRecorder(): Promise<void>;
  close(): Promise<void>;
}

/** How often the free-space guard looks at the disk. */
const SPACE_GUARD_EVERY_MS = 30_000;

/** The composition root: builds adapters, repositories and services for the configuration. */
export async function createCore(config: Config, opts: CoreOptions = {}): Promise<Core> {
  // zod's default messages in Italian, for every entry: the API's refusals and the CLI.
  installItalianValidationMessages();
  const log = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const db = openDatabase(config.database);
  try {
    if (opts.migrate !== false) {
      const { applied } = await migrateToLatest(db, migrationProvider);
      if (applied.length > 0) log.info({ applied }, 'database migrated');
    }
  } catch (err: unknown) {
    await db.destroy();
    throw err;
  }
  const storage = new LocalStorage(path.join(config.dataDir, 'storage'));
  // Free space on the data disk, read by the free-space guard and by the bodycam uploads.
  const freeBytes = opts.freeBytes ?? (async () => (await storage.health()).freeBytes);
  const secretKey = loadOrCreateSecretKey(config.dataDir);
  const secrets = new SecretBox(secretKey);
  const hasher = opts.hasher ?? argon2Hasher(config.argon2MemoryKib);
  const passwordPolicy = { minLength: config.passwordMinLength };

  const audit = new AuditService({ db, repo: new AuditRepository(db), clock });
  const users = new UserRepository(db);
  const sessions = new SessionRepository(db);
  const roleSettings = new RoleSettingsRepository(db);
  const auth = new AuthService({
    db,
    users,
    sessions,
    roleSettings,
    audit,
    hasher,
    secrets,
    clock,
    throttle: new LoginThrottle(config.loginIpLimitPerMinute),
    policy: {
      idleMinutes: config.sessionIdleMinutes,
      maxHours: config.sessionMaxHours,
      maxFailures: config.loginMaxFailures,
      lockoutMinutes: config.loginLockoutMinutes,
    },
  });
  const usersService = new UsersService({
    db,
    users,
    sessions,
    roleSettings,
    audit,
    hasher,
    clock,
    passwordPolicy,
  });
  const account = new AccountService({
    db,
    users,
    sessions,
    roleSettings,
    audit,
    hasher,
    secrets,
    clock,
    passwordPolicy,
  });
  const setup = new SetupService({ users: usersService, roleSettings, clock });

  const jobRepo = new JobRepository(db);
  const queue = new JobQueue({ repo: jobRepo, clock });
  const worker = new JobWorker({
    queue,
    repo: jobRepo,
    clock,
    log: log.child({ component: 'jobs' }),
  });
  registerAuthJobs(queue, worker, auth);
  const jobs = new JobsService({ db, repo: jobRepo, audit, clock });

  const cameras = new CamerasService({
    db,
    repo: new CameraRepository(db),
    audit,
    secrets,
    clock,
    retentionMaxDays: config.retentionMaxDays,
  });
  const alarms = new AlarmsService({ db, clock, audit });
  const segments = new SegmentRepository(db);
  const liveHub = new LiveHub({ clock, log: log.child({ component: 'live' }) });
  const liveSources = new OnDemandSources({
    hub: liveHub,
    log: log.child({ component: 'live' }),
    fragmentMs: config.liveFragmentMs,
  });
  const recording = new RecordingService({
    db,
    segments,
    cameras,
    alarms,
    storage,
    clock,
    log: log.child({ component: 'recorder' }),
    settings: {
      spoolRoot: path.join(config.dataDir, 'spool'),
      quarantineRoot: path.join(config.dataDir, 'quarantine'),
      segmentSeconds: config.segmentSeconds,
      socketTimeoutSeconds: 10,
      stallMs: Math.max(20_000, config.segmentSeconds * 2500),
      backoffMs: [1000, 2000, 4000, 8000, 15_000, 30_000],
      liveFragmentMs: config.liveFragmentMs,
    },
  });
  const liveTaps = new RecorderTaps({
    hub: liveHub,
    log: log.child({ component: 'live' }),
    position: (id) => recording.livePosition(id),
  });
  const live = new LiveService({
    db,
    hub: liveHub,
    sources: liveSources,
    taps: liveTaps,
    cameras,
    isRecording: (id) => recording.isRecording(id),
    audit,
    clock,
    log: log.child({ component: 'live' }),
  });
  const holds = new HoldsService({ db, repo: new HoldRepository(db), cameras, audit, clock });
  const retention = new RetentionService({
    db,
    segments,
    holds,
    cameras,
    storage,
    audit,
    alarms,
    clock,
    log: log.child({ component: 'retention' }),
    defaultRetentionDays: Math.min(7, config.retentionMaxDays),
    minFreeBytes: config.storageMinFreeMb * 1024 * 1024,
    freeBytes,
    recorder: recording,
  });
  const playback = new PlaybackService({
    db,
    segments,
    sessions: new PlaybackRepository(db),
    holds,
    cameras,
    storage,
    audit,
    clock,
    cacheDir: path.join(config.dataDir, 'cache'),
  });
  registerRecordingJobs(queue, worker, { retention, playback });
  const search = new SearchService({
    db,
    cameras,
    playback,
    audit,
    clock,
    signer: new ThumbnailSigner(secretKey),
    // Built below with the requests module; called only once requests are served.
    streets: {
      search: (q, limit) => requestsModule.streets.search(q, limit),
      resolve: (place) => requestsModule.streets.resolve(place),
    },
  });
  const demo = new DemoService({
    cameras,
    log: log.child({ component: 'demo' }),
    port: config.demoRtspPort,
    onActive: (active) => recording.setDemoActive(active),
  });
  const outbox = new Outbox({
    db,
    queue,
    clock,
    sender: config.smtpRelayUrl ? createSmtpSender(config.smtpRelayUrl, config.mailFrom) : null,
    log: log.child({ component: 'mail' }),
    storage,
  });
  const requestsModule = createRequestsModule({
    db,
    audit,
    clock,
    holds,
    cameras,
    users: usersService,
    outbox,
    storage,
    log,
    settings: {
      holdMarginBeforeMinutes: config.holdMarginBeforeMinutes,
      holdMarginAfterMinutes: config.holdMarginAfterMinutes,
      maxWindowHours: config.requestMaxWindowHours,
      defaultRetentionDays: Math.min(7, config.retentionMaxDays),
      matchMeters: 150,
      publicUrl: config.publicUrl ?? null,
    },
    intakeSettings: {
      maxBytes: config.mailMaxBytes,
      allowedDomains: config.mailAllowedDomains,
      quarantineHtmlOnly: config.mailHtmlOnly === 'quarantine',
      parse: {
        ownDomains: config.ownMailDomains,
        ownCity: config.ownCity,
        singleTimeMarginMinutes: config.singleTimeMarginMinutes,
      },
    },
    mailboxSettings: {
      smtpEnabled: config.smtpEnabled,
      smtpHost: '127.0.0.1',
      smtpPort: config.smtpPort,
      smtpHardLimitBytes: Math.max(config.mailMaxBytes * 2, 50 * 1024 * 1024),
      imapUrl: config.imapUrl ?? null,
      imapProcessedFolder: config.imapProcessedFolder,
      imapPollMs: config.imapPollSeconds * 1000,
    },
  });
  const { requests, intake, mailboxes } = requestsModule;
  const evidence = createEvidenceModule({
    db,
    audit,
    clock,
    cameras,
    holds,
    storage,
    queue,
    log,
    dataDir: config.dataDir,
    sharing: {
      hasher,
      outbox,
      secret: secretKey,
      settings: {
        publicUrl: config.publicUrl ?? null,
        maxDays: config.shareMaxDays,
        defaultDays: Math.min(7, config.shareMaxDays),
      },
    },
    requests: {
      find: (idOrNumber) =>
        requests.get(idOrNumber).then(
          (r) => ({ id: r.id, number: r.number }),
          (err: unknown) => {
            if (err instanceof NotFound) return null;
            throw err;
          },
        ),
      fulfilled: async (actor, requestId, evidence) => {
        const by = { actor, userId: actor.userId, name: actor.username ?? 'Vedetta' };
        // markFulfilled links the evidence item to the request (the reports' "every acquisition
        // registered" indicator counts that link) and, on a request already evasa, records the
        // further acquisition in its history.
        await requestsModule.lifecycle.markFulfilled(by, requestId, {
          evidenceId: evidence.id,
          reason: `Filmati acquisiti: reperto ${evidence.number}`,
        });
      },
    },
  });
  const bodycams = createBodycamsModule({
    db,
    audit,
    clock,
    storage,
    queue,
    worker,
    log,
    users: usersService,
    secret: secretKey,
    dataDir: config.dataDir,
    freeBytes,
    uploads: {
      minFreeBytes: config.storageMinFreeMb * 1024 * 1024,
      maxLivePerAccount: config.bodycamUploadsPerAccount,
    },
    evidence: evidence.bodycamExports,
    mail: outbox,
    // Bound late: the compliance module is built next, on the bodycams' disciplinare.
    compliance: {
      ownCommand: config.ownCommand || `Polizia Locale di ${config.ownCity}`,
      partnerCommands: config.partnerCommands,
      bodycamDpiaAt: (at) => compliance.service.inForceAt('bodycam', 'dpia', at),
    },
    ingest: {
      enabled: config.bodycamIngestEnabled,
      dockDir: config.bodycamDockDir,
      stableMs: config.bodycamStableSeconds * 1000,
      pollMs: config.bodycamPollSeconds * 1000,
      copyAttempts: 3,
      concurrency: 3,
    },
  });
  const compliance = createComplianceModule({
    db,
    storage,
    audit,
    clock,
    disciplinare: bodycams.disciplinare,
    cameras,
    maxPdfBytes: config.complianceMaxPdfMb * 1024 * 1024,
    queue,
    worker,
  });
  const reports = createReportsModule({
    db,
    audit,
    clock,
    storage,
    outbox,
    queue,
    worker,
    log,
    settings: {
      recipients: config.reportRecipients,
      corps: `Polizia Locale di ${config.ownCity}`,
      publicUrl: config.publicUrl ?? null,
    },
  });
  let guardTimer: NodeJS.Timeout | null = null;
  const guard = () =>
    void retention
      .guardSpace()
      .catch((err: unknown) => log.error({ err }, 'free-space guard failed'));

  return {
    config,
    log,
    clock,
    db,
    storage,
    queue,
    worker,
    audit,
    auth,
    account,
    users: usersService,
    setup,
    jobs,
    cameras,
    alarms,
    recording,
    retention,
    holds,
    playback,
    demo,
    live,
    preferences: new PreferencesService({ db, clock }),
    requests,
    requestsModule,
    intake,
    search,
    evidence,
    outbox,
    mailboxes,
    bodycams,
    compliance,
    reports,
    async startRecorder() {
      guard();
      guardTimer = setInterval(guard, SPACE_GUARD_EVERY_MS);
      guardTimer.unref();
      if (config.demo) await demo.start();
      if (config.recordingEnabled) await recording.start();
      await bodycams.start();
    },
    async close() {
      if (guardTimer) clearInterval(guardTimer);
      await mailboxes.stop();
      await bodycams.stop();
      outbox.close();
      await recording.stop();
      liveTaps.close();
      await liveSources.close();
      await demo.stop();
      await worker.stop();
      await db.destroy();
    },
  };
}

/** The CSP source of a tile URL template (`https://{s}.tile.example.org/…` → `https://*.tile.example.org`). */
export function tileSources(template: string): string[] {
  if (!template) return [];
  const m = /^(https?:\/\/)([^/]+)/.exec(template);
  return m ? [`${m[1]}${(m[2] ?? '').replace(/\{[a-z]+\}/g, '*')}`] : [];
}

export interface HttpApp {
  app: App;
  /** Every route with its access rule, as registered (used by the deny-by-default test). */
  routes: RouteAccessRecord[];
  webAvailable: boolean;
}

/** The HTTP API and web app over a core. */
export async function createHttpApp(core: Core): Promise<HttpApp> {
  const { config } = core;
  const app = await createHttpServer({
    logger: core.log,
    bodyLimitBytes: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ...(config.tlsCert && config.tlsKey && { tls: { cert: config.tlsCert, key: config.tlsKey } }),
    imgSources: tileSources(config.mapTileUrl),
  });
  const routes: RouteAccessRecord[] = [];
  installAuth(app, core.auth, routes);
  healthRoutes(app, { db: core.db, dialect: dialectOf(core.db), storage: core.storage });
  authRoutes(app, {
    auth: core.auth,
    account: core.account,
    setup: core.setup,
    secureCookies: Boolean(config.tlsCert),
  });
  usersRoutes(app, core.users);
  auditRoutes(app, core.audit);
  jobsRoutes(app, core.jobs);
  camerasRoutes(app, core.cameras, {
    retentionMaxDays: config.retentionMaxDays,
    mapTileUrl: config.mapTileUrl,
    mapAttribution: config.mapAttribution,
    liveWatermark: config.liveWatermark,
  });
  alarmsRoutes(app, core.alarms);
  recordingRoutes(app, { playback: core.playback, holds: core.holds });
  liveRoutes(app, {
    live: core.live,
    log: core.log,
    webrtc: {
      enabled: config.webrtcEnabled,
      network: { portRange: config.webrtcPorts, extraAddresses: config.webrtcAddresses },
    },
  });
  preferencesRoutes(app, core.preferences);
  searchRoutes(app, core.search);
  evidenceRoutes(app, core.evidence);
  shareRoutes(app, core.evidence.shares);
  bodycamsAdminRoutes(app, core.bodycams);
  bodycamsClipsRoutes(app, core.bodycams);
  reportsRoutes(app, core.reports);
  bodycamsUploadsRoutes(app, core.bodycams);
  bodycamsExportRoutes(app, core.bodycams);
  complianceRoutes(app, core.compliance);
  requestsRoutes(app, {
    module: core.requestsModule,
    outbox: core.outbox,
  });
  app.get(
    '/api/openapi.json',
    { config: { access: { public: true } }, schema: { hide: true } },
    () => app.swagger(),
  );
  const webAvailable = await serveWebApp(app);
  await app.ready();
  return { app, routes, webAvailable };
}
