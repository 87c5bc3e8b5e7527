function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `recordings/<camera>/<YYYY-MM-DD>/<HHMMSS-mmm>Z-<run>-<n>.mp4`, in UTC. */
export function segmentKey(
  cameraId: string,
  startMs: number,
  runId: string,
  index: number,
): string {
  const d = new Date(startMs);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}-${pad(d.getUTCMilliseconds(), 3)}`;
  const n = index < 0 ? `r${-index}` : String(index);
  return `recordings/${cameraId}/${day}/${time}Z-${runId.slice(0, 8)}-${n}.mp4`;
}
