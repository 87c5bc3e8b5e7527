import { readdirSync, readFileSync } from 'node:fs';

/** CPU ticks (user + system) and resident memory of one process, from /proc (Linux). */
export function procSample(pid: number): { ticks: number; rssBytes: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: fields start after the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { ticks, rssBytes: rssKb * 1024 };
  } catch {
    return null;
  }
}

/** The direct children of a process. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Sums CPU ticks and RSS over a set of processes. */
export function sampleAll(pids: number[]): { ticks: Map<number, number>; rssBytes: number } {
  const ticks = new Map<number, number>();
  let rssBytes = 0;
  for (const pid of pids) {
    const s = procSample(pid);
    if (!s) continue;
    ticks.set(pid, s.ticks);
    rssBytes += s.rssBytes;
  }
  return { ticks, rssBytes };
}

/** CPU seconds used between two samples by the processes present in both. */
export function cpuSecondsBetween(a: Map<number, number>, b: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t1] of b) {
    const t0 = a.get(pid);
    if (t0 !== undefined) ticks += t1 - t0;
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** utime + stime + cutime + cstime: a process's CPU plus that of its children it has reaped. */
function ticksWithReaped(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  } catch {
    return null;
  }
}

/**
 * CPU seconds a process and its children have used since they started, children that already
 * ended included (through the parent's reaped-children times). The difference of two samples
 * is the whole tree's CPU between them, however often children were restarted in between.
 */
export function treeCpuSeconds(pid: number): number {
  let ticks = ticksWithReaped(pid) ?? 0;
  for (const c of childrenOf(pid)) ticks += ticksWithReaped(c) ?? 0;
  return ticks / 100;
}

/** Resident memory of a process and its direct children. */
export function treeRssBytes(pid: number): number {
  return sampleAll([pid, ...childrenOf(pid)]).rssBytes;
}

/**
 * CPU seconds of a process's threads since they started, from the scheduler's own nanosecond
 * count (/proc/PID/task/TID/schedstat, not the 10 ms ticks of `stat`): its main thread, and
 * all the others together (for Node: V8's garbage-collector and compiler helpers and libuv's
 * file-system pool). Threads that ended are not counted.
 */
export function threadCpuSeconds(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { main, others };
  }
  for (const tid of tids) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      if (Number(tid) === pid) main += ns / 1e9;
      else others += ns / 1e9;
    } catch {
      // the thread ended while we looked
    }
  }
  return { main, others };
}
