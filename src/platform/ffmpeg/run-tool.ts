import { execFile, spawn } from 'node:child_process';

/** A failed ffmpeg/ffprobe run, with the tail of its error output (never a camera URL: none here). */
export class ToolFailed extends Error {
  override name = 'ToolFailed';
  constructor(
    readonly tool: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(
      `${tool} non riuscito (uscita ${exitCode ?? 'segnale'}): ${stderr.trim().slice(-500) || 'nessun messaggio'}`,
    );
  }

  /** The tool ran out of disk space writing its output. */
  get noSpace(): boolean {
    return /No space left on device|ENOSPC/i.test(this.stderr);
  }
}

/**
 * Runs ffmpeg with arguments as an array (never a shell), passing stdout chunks to
 * `onStdout` (progress lines) and keeping only the last 8 KiB of stderr. Aborting kills it.
 */
export function runFfmpeg(
  args: string[],
  opts: { signal?: AbortSignal; onStdout?: (text: string) => void; ffmpegPath?: string } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new Error('interrotto'));
      return;
    }
    const child = spawn(opts.ffmpegPath ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => opts.onStdout?.(text));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-8192);
    });
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.once('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.signal?.aborted) reject(new Error('interrotto'));
      else if (code === 0) resolve();
      else reject(new ToolFailed('ffmpeg', stderr, code));
    });
  });
}

/** Runs ffprobe and returns its standard output. */
export function runFfprobe(args: string[], timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'ffprobe',
      args,
      { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err)
          reject(new ToolFailed('ffprobe', stderr, typeof err.code === 'number' ? err.code : null));
        else resolve(stdout);
      },
    );
  });
}
