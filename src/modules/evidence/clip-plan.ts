// Which recorded segments make which clip, and where the recording has holes: pure rules,
// tested without ffmpeg or a database.

export interface ExportSegment {
  id: string;
  startMs: number;
  endMs: number;
  bytes: number;
  storageKey: string;
}

export interface ClipRun {
  segments: ExportSegment[];
  /** The part of the requested window this run covers. */
  from: number;
  to: number;
}

export interface WindowGap {
  from: number;
  to: number;
  cause: string;
}

/**
 * Splits the window's segments into continuous runs (a clip each): a hole longer than the
 * tolerance starts a new clip, so that clip time always equals wall-clock time.
 */
export function planRuns(
  segments: ExportSegment[],
  from: number,
  to: number,
  toleranceMs: number,
): ClipRun[] {
  const sorted = segments
    .filter((s) => s.startMs < to && s.endMs > from)
    .sort((a, b) => a.startMs - b.startMs);
  const runs: ClipRun[] = [];
  let prevEnd = -Infinity;
  for (const s of sorted) {
    const last = runs[runs.length - 1];
    if (last && s.startMs - prevEnd <= toleranceMs) last.segments.push(s);
    else runs.push({ segments: [s], from: 0, to: 0 });
    prevEnd = Math.max(prevEnd, s.endMs);
  }
  for (const r of runs) {
    r.from = Math.max(from, Math.min(...r.segments.map((s) => s.startMs)));
    r.to = Math.min(to, Math.max(...r.segments.map((s) => s.endMs)));
  }
  return runs;
}

/**
 * The holes of the requested window not covered by any run, each with the cause the
 * recorder logged (camera offline, disk…), "deleted" where retention removed footage, or
 * "not_recorded".
 */
export function findGaps(
  runs: Array<{ from: number; to: number }>,
  from: number,
  to: number,
  known: WindowGap[],
  minMs = 1000,
): WindowGap[] {
  const holes: Array<{ from: number; to: number }> = [];
  let cursor = from;
  for (const r of runs) {
    if (r.from - cursor >= minMs) holes.push({ from: cursor, to: r.from });
    cursor = Math.max(cursor, r.to);
  }
  if (to - cursor >= minMs) holes.push({ from: cursor, to });
  return holes.map((h) => {
    const overlap = known
      .filter((k) => k.from < h.to && k.to > h.from)
      .sort(
        (a, b) =>
          Math.min(b.to, h.to) -
          Math.max(b.from, h.from) -
          (Math.min(a.to, h.to) - Math.max(a.from, h.from)),
      );
    return { ...h, cause: overlap[0]?.cause ?? 'not_recorded' };
  });
}
