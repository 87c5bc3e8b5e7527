import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Environment variable → configuration key. Environment wins over the optional JSON file. */
const ENV_KEYS = {
  VEDETTA_DATA_DIR: 'dataDir',
  VEDETTA_HOST: 'host',
  VEDETTA_PORT: 'port',
  DATABASE_URL: 'databaseUrl',
  VEDETTA_LOG_LEVEL: 'logLevel',
  VEDETTA_PUBLIC_URL: 'publicUrl',
  VEDETTA_TLS_CERT: 'tlsCert',
  VEDETTA_TLS_KEY: 'tlsKey',
  VEDETTA_TRUST_PROXY: 'trustProxy',
  VEDETTA_SESSION_IDLE_MINUTES: 'sessionIdleMinutes',
  VEDETTA_SESSION_MAX_HOURS: 'sessionMaxHours',
  VEDETTA_LOGIN_MAX_FAILURES: 'loginMaxFailures',
  VEDETTA_LOGIN_LOCKOUT_MINUTES: 'loginLockoutMinutes',
  VEDETTA_LOGIN_IP_LIMIT: 'loginIpLimitPerMinute',
  VEDETTA_PASSWORD_MIN_LENGTH: 'passwordMinLength',
  VEDETTA_BODY_LIMIT_BYTES: 'bodyLimitBytes',
  VEDETTA_JOBS: 'jobsEnabled',
  VEDETTA_ARGON2_MEMORY_KIB: 'argon2MemoryKib',
  VEDETTA_DEMO: 'demo',
  VEDETTA_DEMO_RTSP_PORT: 'demoRtspPort',
  VEDETTA_RECORDING: 'recordingEnabled',
  VEDETTA_SEGMENT_SECONDS: 'segmentSeconds',
  VEDETTA_RETENTION_MAX_DAYS: 'retentionMaxDays',
  VEDETTA_SHARE_MAX_DAYS: 'shareMaxDays',
  VEDETTA_STORAGE_MIN_FREE_MB: 'storageMinFreeMb',
  VEDETTA_LIVE_FRAGMENT_MS: 'liveFragmentMs',
  VEDETTA_LIVE_WATERMARK: 'liveWatermark',
  VEDETTA_WEBRTC: 'webrtcEnabled',
  VEDETTA_WEBRTC_PORTS: 'webrtcPorts',
  VEDETTA_WEBRTC_ADDRESSES: 'webrtcAddresses',
  VEDETTA_MAP_TILE_URL: 'mapTileUrl',
  VEDETTA_MAP_ATTRIBUTION: 'mapAttribution',
  VEDETTA_SMTP: 'smtpEnabled',
  VEDETTA_SMTP_PORT: 'smtpPort',
  VEDETTA_SMTP_RELAY_URL: 'smtpRelayUrl',
  VEDETTA_MAIL_FROM: 'mailFrom',
  VEDETTA_REPORT_RECIPIENTS: 'reportRecipients',
  VEDETTA_MAIL_ALLOWED_DOMAINS: 'mailAllowedDomains',
  VEDETTA_MAIL_MAX_BYTES: 'mailMaxBytes',
  VEDETTA_MAIL_HTML_ONLY: 'mailHtmlOnly',
  VEDETTA_OWN_MAIL_DOMAINS: 'ownMailDomains',
  VEDETTA_OWN_CITY: 'ownCity',
  VEDETTA_SINGLE_TIME_MARGIN_MINUTES: 'singleTimeMarginMinutes',
  VEDETTA_IMAP_URL: 'imapUrl',
  VEDETTA_IMAP_PROCESSED_FOLDER: 'imapProcessedFolder',
  VEDETTA_IMAP_POLL_SECONDS: 'imapPollSeconds',
  VEDETTA_HOLD_MARGIN_BEFORE_MINUTES: 'holdMarginBeforeMinutes',
  VEDETTA_HOLD_MARGIN_AFTER_MINUTES: 'holdMarginAfterMinutes',
  VEDETTA_REQUEST_MAX_WINDOW_HOURS: 'requestMaxWindowHours',
  VEDETTA_BODYCAM_INGEST: 'bodycamIngestEnabled',
  VEDETTA_BODYCAM_DOCK_DIR: 'bodycamDockDir',
  VEDETTA_BODYCAM_STABLE_SECONDS: 'bodycamStableSeconds',
  VEDETTA_BODYCAM_UPLOADS_PER_ACCOUNT: 'bodycamUploadsPerAccount',
  VEDETTA_BODYCAM_POLL_SECONDS: 'bodycamPollSeconds',
  VEDETTA_OWN_COMMAND: 'ownCommand',
  VEDETTA_PARTNER_COMMANDS: 'partnerCommands',
  VEDETTA_COMPLIANCE_MAX_PDF_MB: 'complianceMaxPdfMb',
} as const satisfies Record<string, string>;

const boolFromEnv = z.union([
  z.boolean(),
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'])
    .transform((v) => ['1', 'true', 'yes'].includes(v)),
]);

const intInRange = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ConfigSchema = z
  .object({
    dataDir: z.string().min(1).default('./data'),
    host: z.string().min(1).default('127.0.0.1'),
    port: intInRange(0, 65535).default(8080),
    databaseUrl: z
      .string()
      .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v) || /^sqlite:/.test(v), {
        message: 'must be a postgres:// URL or sqlite:PATH',
      })
      .default(''),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    publicUrl: z.url().optional(),
    tlsCert: z.string().optional(),
    tlsKey: z.string().optional(),
    trustProxy: boolFromEnv.default(false),
    sessionIdleMinutes: intInRange(1, 24 * 60).default(30),
    sessionMaxHours: intInRange(1, 7 * 24).default(12),
    loginMaxFailures: intInRange(1, 100).default(5),
    loginLockoutMinutes: intInRange(1, 24 * 60).default(15),
    loginIpLimitPerMinute: intInRange(1, 10_000).default(20),
    passwordMinLength: intInRange(8, 128).default(12),
    bodyLimitBytes: intInRange(1024, 100 * 1024 * 1024).default(1024 * 1024),
    jobsEnabled: boolFromEnv.default(true),
    argon2MemoryKib: intInRange(8 * 1024, 1024 * 1024).default(19 * 1024),
    demo: boolFromEnv.default(true),
    demoRtspPort: intInRange(0, 65535).default(8554),
    recordingEnabled: boolFromEnv.default(true),
    segmentSeconds: intInRange(2, 60).default(10),
    retentionMaxDays: intInRange(1, 365).default(7),
    /** The longest an evidence share link may stay valid (the default is min(7, this)). */
    shareMaxDays: intInRange(1, 365).default(30),
    storageMinFreeMb: intInRange(0, 10_000_000).default(1024),
    liveFragmentMs: intInRange(50, 2000).default(200),
    liveWatermark: boolFromEnv.default(true),
    // Live over WebRTC (H.264 passthrough): host candidates only, no STUN/TURN.
    webrtcEnabled: boolFromEnv.default(true),
    webrtcPorts: z
      .string()
      .regex(/^\d{1,5}-\d{1,5}$/, { message: 'must be a UDP port range such as 40000-40099' })
      .transform((v) => v.split('-').map(Number) as [number, number])
      .refine(([a, b]) => a >= 1024 && a <= b && b <= 65535, {
        message: 'must be a range within 1024-65535, low port first',
      })
      .optional(),
    webrtcAddresses: z
      .union([z.array(z.string()), z.string()])
      .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((a) => a.trim()).filter(Boolean))
      .refine((v) => v.every((a) => isIP(a) !== 0), {
        message: 'must be IP addresses separated by commas',
      })
      .default(['127.0.0.1']),
    mapTileUrl: z
      .string()
      .refine((v) => v === '' || (/^https?:\/\//.test(v) && v.includes('{z}')), {
        message: 'must be an http(s) URL template with {z}, {x} and {y}, or empty for no tiles',
      })
      .default(''),
    mapAttribution: z.string().max(500).default(''),
    // Mail intake (issue 6): the built-in SMTP receiver on 127.0.0.1, IMAP, outgoing relay.
    smtpEnabled: boolFromEnv.default(true),
    smtpPort: intInRange(0, 65535).default(2525),
    smtpRelayUrl: z
      .string()
      .refine((v) => /^smtps?:\/\//.test(v), { message: 'must be an smtp:// or smtps:// URL' })
      .optional(),
    mailFrom: z.string().min(3).max(200).default('vedetta@localhost'),
    /** Who receives the monthly report (the Comandante), comma-separated addresses. */
    reportRecipients: z
      .union([z.array(z.string()), z.string()])
      .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((a) => a.trim()).filter(Boolean))
      .pipe(z.array(z.email({ message: 'must be e-mail addresses separated by commas' })).max(20))
      .default([]),
    /** HTML-only mail: `read` its text like any other (the footage is preserved at once), or `quarantine` it for a person. */
    mailHtmlOnly: z.enum(['read', 'quarantine']).default('read'),
    mailAllowedDomains: z
      .union([z.array(z.string()), z.string()])
      .transform((v) =>
        (Array.isArray(v) ? v : v.split(','))
          .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
          .filter(Boolean),
      )
      .default([]),
    mailMaxBytes: intInRange(1024, 200 * 1024 * 1024).default(25 * 1024 * 1024),
    // The request parser: the corps' own mail domains (their senders are its officers), its
    // city as signatures write it, and the window around a single time ("alle 17" ± 10 min).
    ownMailDomains: z
      .union([z.array(z.string()), z.string()])
      .transform((v) =>
        (Array.isArray(v) ? v : v.split(','))
          .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
          .filter(Boolean),
      )
      .default(['comune.reggioemilia.it']),
    ownCity: z.string().trim().min(2).max(100).default('Reggio Emilia'),
    singleTimeMarginMinutes: intInRange(0, 240).default(10),
    imapUrl: z
      .string()
      .refine((v) => /^imaps?:\/\/[^/]+/.test(v), { message: 'must be an imap:// or imaps:// URL' })
      .optional(),
    imapProcessedFolder: z.string().min(1).max(200).default('Vedetta/Elaborati'),
    imapPollSeconds: intInRange(1, 3600).default(60),
    holdMarginBeforeMinutes: intInRange(0, 24 * 60).default(30),
    holdMarginAfterMinutes: intInRange(0, 24 * 60).default(30),
    // The longest event window a request entered by a person may name: a day covers an
    // overnight theft; longer would hold hours of every nearby camera for one event.
    requestMaxWindowHours: intInRange(1, 7 * 24).default(24),
    // Bodycams (issue 8): the docking stations' folder, one subfolder per device serial.
    bodycamIngestEnabled: boolFromEnv.default(true),
    bodycamDockDir: z.string().default(''),
    bodycamStableSeconds: intInRange(0, 600).default(5),
    bodycamPollSeconds: intInRange(1, 3600).default(5),
    // Resumable (tus) uploads one account may have receiving at once.
    bodycamUploadsPerAccount: intInRange(1, 1000).default(20),
    // Joint services (issue 8 §7): the own command's name and the partner commands offered at
    // check-out (separated by ";"; free text is accepted too). Empty: "Polizia Locale di <city>".
    ownCommand: z.string().trim().max(200).default(''),
    partnerCommands: z
      .union([z.array(z.string()), z.string()])
      .transform((v) =>
        (Array.isArray(v) ? v : v.split(';')).map((d) => d.trim()).filter((d) => d.length >= 2),
      )
      .default([]),
    // Compliance records (G1): the largest PDF accepted (DPIA with annexes).
    complianceMaxPdfMb: intInRange(1, 200).default(25),
  })
  .strict()
  .refine((c) => Boolean(c.tlsCert) === Boolean(c.tlsKey), {
    message: 'VEDETTA_TLS_CERT and VEDETTA_TLS_KEY must be set together',
    path: ['tlsCert'],
  });

export type Config = z.infer<typeof ConfigSchema> & {
  /** Absolute data directory. */
  dataDir: string;
  /** Which database the URL selects. */
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const keyToEnv = Object.fromEntries(Object.entries(ENV_KEYS).map(([env, key]) => [key, env]));

/** Reads and validates configuration from the environment and, if VEDETTA_CONFIG names one, a JSON file. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  let fromFile: Record<string, unknown> = {};
  const file = env.VEDETTA_CONFIG;
  if (file) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error('the file must contain a JSON object');
      }
      fromFile = parsed as Record<string, unknown>;
    } catch (err: unknown) {
      throw new ConfigError([
        `VEDETTA_CONFIG (${file}): ${err instanceof Error ? err.message : String(err)}`,
      ]);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [envName, key] of Object.entries(ENV_KEYS)) {
    const value = env[envName];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = ConfigSchema.safeParse({ ...fromFile, ...fromEnv });
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path.map(String).join('.');
        const envName = keyToEnv[key];
        const where = envName ? `${envName} (${key})` : key || 'configuration';
        return `${where}: ${issue.message}`;
      }),
    );
  }
  const cfg = result.data;
  const dataDir = path.resolve(cwd, cfg.dataDir);
  const database: Config['database'] = cfg.databaseUrl.startsWith('postgres')
    ? { kind: 'postgres', url: cfg.databaseUrl }
    : {
        kind: 'sqlite',
        file: cfg.databaseUrl.startsWith('sqlite:')
          ? path.resolve(cwd, cfg.databaseUrl.slice('sqlite:'.length))
          : path.join(dataDir, 'vedetta.sqlite'),
      };
  const bodycamDockDir = cfg.bodycamDockDir
    ? path.resolve(cwd, cfg.bodycamDockDir)
    : path.join(dataDir, 'dock');
  return { ...cfg, dataDir, database, bodycamDockDir };
}
