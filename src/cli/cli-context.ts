import { userInfo } from 'node:os';
import { createCore, type Core } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import type { AuditActor } from '../modules/audit/audit.types.js';
import { AppError, errorMessage } from '../platform/errors.js';
import { createLogger } from '../platform/log/logger.js';

/** Who acts when an administrator runs a CLI command on the server: recorded in the audit log. */
export function cliActor(): AuditActor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return { userId: null, username: `cli:${name}`, ip: null };
}

/** Runs a CLI command against a core, printing errors plainly and setting the exit code. */
export async function withCore(run: (core: Core) => Promise<number | void>): Promise<void> {
  let core: Core | undefined;
  try {
    const config = loadConfig();
    core = await createCore(config, {
      logger: createLogger(process.env.VEDETTA_LOG_LEVEL ?? 'warn'),
    });
    const code = await run(core);
    process.exitCode = code ?? 0;
  } catch (err: unknown) {
    process.exitCode = reportError(err);
  } finally {
    await core?.close();
  }
}

export function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`vedetta: ${err.message}\n`);
    return 78; // EX_CONFIG
  }
  if (err instanceof AppError) {
    process.stderr.write(`vedetta: ${err.message} (${err.code})\n`);
    return 1;
  }
  if (err instanceof Error && err.name === 'ZodError') {
    process.stderr.write(`vedetta: dati non validi: ${err.message}\n`);
    return 1;
  }
  process.stderr.write(`vedetta: ${errorMessage(err)}\n`);
  return 1;
}

/** Reads all of standard input (for `--password -`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
