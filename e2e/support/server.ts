import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/vedetta.js', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  setupUrl: string | null;
  dataDir: string;
  env: Record<string, string>;
  output: () => string;
  /** Runs a CLI command against the same data (like an admin on the server's shell). */
  cli(args: string[], input?: string): { code: number | null; stdout: string; stderr: string };
  stop(): Promise<void>;
}

/** Starts the real `vedetta serve` on a free port with a fresh data directory. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vedetta-e2e-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    VEDETTA_DATA_DIR: dataDir,
    VEDETTA_PORT: '0',
    VEDETTA_LOG_LEVEL: 'warn',
    VEDETTA_ARGON2_MEMORY_KIB: '8192',
    // Free ports for the demo cameras and the built-in mailbox: never clash with a running
    // installation or another test server.
    VEDETTA_DEMO_RTSP_PORT: '0',
    VEDETTA_SMTP_PORT: '0',
    ...extraEnv,
  };
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));

  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /in ascolto su (http:\/\/[^\s]+?)\/?\n/.exec(out);
      if (m?.[1] && (out.includes('Nessun amministratore') || out.includes('API:'))) {
        // Wait for the full banner (the setup link follows the address when there is no admin).
        setTimeout(() => {
          clearTimeout(timer);
          resolve(m[1]!);
        }, 200);
        return true;
      }
      return false;
    };
    child.stdout?.on('data', () => void check());
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const setup = /(http:\/\/\S+\/setup#token=\S+)/.exec(out);

  return {
    baseUrl,
    setupUrl: setup?.[1] ?? null,
    dataDir,
    env,
    output: () => out,
    cli(args, input) {
      const res = spawnSync(process.execPath, [BIN, ...args], {
        env,
        input,
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { code: res.status, stdout: res.stdout, stderr: res.stderr };
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
