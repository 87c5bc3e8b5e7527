import type { ChildProcess } from 'node:child_process';

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Stops ffmpeg in stages, so that it can close its files properly: `q` on stdin, then SIGTERM,
 * then SIGKILL, waiting `stageMs` after each.
 */
export async function stopInStages(child: ChildProcess, stageMs = 3000): Promise<void> {
  const done = exited(child);
  const waitFor = (ms: number) =>
    Promise.race([
      done.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref()),
    ]);
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (child.stdin && !child.stdin.destroyed) child.stdin.end('q');
  } catch {
    // stdin already closed: go on with signals
  }
  if (await waitFor(stageMs)) return;
  child.kill('SIGTERM');
  if (await waitFor(stageMs)) return;
  child.kill('SIGKILL');
  await done;
}
