import type { Translate } from '../../i18n';
import { formatClock } from './rome';
import type { TimelineData } from './types';

const inside = (t: number, r: { from: number; to: number }) => t >= r.from && t < r.to;

/** What the timeline shows at `instant`, in words (tooltip and screen-reader value). */
export function describeInstant(
  t: Translate,
  data: TimelineData | null,
  instant: number,
  now: number,
): string[] {
  const lines: string[] = [];
  if (instant > now) return [t('recordings.timeline.stateFuture')];
  if (!data) return [t('recordings.timeline.stateLoading')];
  const gap = data.gaps.find((g) => inside(instant, g));
  const deleted = data.deleted.find((d) => inside(instant, d));
  if (data.recorded.some((r) => inside(instant, r))) {
    lines.push(t('recordings.timeline.stateRecorded'));
  } else if (gap) {
    const cause = t(`recordings.gapCauses.${gap.cause}`);
    lines.push(
      t('recordings.timeline.stateGap', {
        cause: gap.detail ? `${cause} (${gap.detail})` : cause,
      }),
    );
  } else if (deleted) {
    lines.push(
      t('recordings.timeline.stateDeleted', {
        cause: t(`recordings.deletedCauses.${deleted.cause}`),
      }),
    );
  } else if (data.expiresBefore !== null && instant < data.expiresBefore) {
    lines.push(t('recordings.timeline.stateExpired'));
  } else {
    lines.push(t('recordings.timeline.stateNone'));
  }
  for (const hold of data.holds.filter((h) => inside(instant, h))) {
    lines.push(
      t('recordings.timeline.stateHold', {
        reason: hold.caseRef ? `${hold.reason} — ${hold.caseRef}` : hold.reason,
      }),
    );
  }
  return lines;
}

/** Tooltip of a gap band: cause, detail and window. */
export function gapTitle(t: Translate, gap: TimelineData['gaps'][number]): string {
  const cause = t(`recordings.gapCauses.${gap.cause}`);
  const window = gap.open
    ? t('recordings.timeline.gapOpenSince', { from: formatClock(gap.from) })
    : t('recordings.timeline.fromTo', { from: formatClock(gap.from), to: formatClock(gap.to) });
  return [`${t('recordings.timeline.legendGap')}: ${cause}`, gap.detail ?? '', window]
    .filter(Boolean)
    .join('\n');
}
