import { useState } from 'react';
import type { PlayerSegment } from '../../components/player/mse-engine';
import { formatClock, formatTimeOfDay } from '../../components/timeline/rome';
import { useT } from '../../i18n';
import { thumbnailUrl } from './recordingsApi';

interface ThumbnailStripProps {
  sessionId: string;
  from: number;
  to: number;
  segments: readonly PlayerSegment[];
  onPick: (instant: number) => void;
  count?: number;
}

/**
 * Instants evenly spread over the recorded part of the window, each moved inside a segment
 * (a frame exists only where something was recorded).
 */
export function thumbnailInstants(
  from: number,
  to: number,
  segments: readonly PlayerSegment[],
  count: number,
): number[] {
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (!first || !last) return [];
  const start = Math.max(from, first.from);
  const end = Math.min(to, last.to);
  if (!(end > start)) return [];
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const target = start + ((i + 0.5) * (end - start)) / count;
    const inside = segments.find((s) => target >= s.from && target < s.to);
    const snapped = inside
      ? target
      : (segments.find((s) => s.from > target)?.from ?? last.from) + 500;
    const instant = Math.min(end - 1, Math.max(start, snapped));
    if (!out.some((x) => Math.abs(x - instant) < 1000)) out.push(instant);
  }
  return out;
}

/** A row of frames across the session; a click moves playback there. */
export function ThumbnailStrip({
  sessionId,
  from,
  to,
  segments,
  onPick,
  count = 6,
}: ThumbnailStripProps) {
  const t = useT();
  const [failed, setFailed] = useState<ReadonlySet<number>>(new Set());
  const instants = thumbnailInstants(from, to, segments, count);
  if (instants.length === 0) return null;
  return (
    <section aria-label={t('recordings.thumbnails.title')} className="mt-3">
      <h3 className="h6 mb-2">{t('recordings.thumbnails.title')}</h3>
      <ul className="vd-thumbs list-unstyled mb-0" data-testid="thumbnails">
        {instants.map((at) => (
          <li key={at}>
            <button
              type="button"
              className="vd-thumb"
              onClick={() => onPick(at)}
              aria-label={t('recordings.thumbnails.goTo', { time: formatClock(at) })}
            >
              {failed.has(at) ? (
                <span className="vd-thumb-missing">{t('recordings.thumbnails.unavailable')}</span>
              ) : (
                <img
                  src={thumbnailUrl(sessionId, at)}
                  alt=""
                  loading="lazy"
                  decoding="async"
                  width={192}
                  height={108}
                  onError={() => setFailed((current) => new Set(current).add(at))}
                />
              )}
              <span className="vd-thumb-time">{formatTimeOfDay(at, true)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
