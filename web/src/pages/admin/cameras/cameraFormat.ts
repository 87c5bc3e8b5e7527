import type { CameraState, CameraStatus } from './types';

/** Badge colour of each recording state (Bootstrap Italia variants). */
export const STATE_BADGE: Record<CameraState, string> = {
  online: 'success',
  offline: 'warning',
  error: 'danger',
  starting: 'primary',
  disabled: 'secondary',
};

/** Marker colour of each state on the map (the same hues as the badges). */
export const STATE_COLOR: Record<CameraState, string> = {
  online: '#008758',
  offline: '#cc7a00',
  error: '#d9364f',
  starting: '#0066cc',
  disabled: '#5d7083',
};

const CODEC_NAMES: Record<string, string> = {
  h264: 'H.264',
  avc: 'H.264',
  hevc: 'H.265',
  h265: 'H.265',
  mjpeg: 'MJPEG',
  mpeg4: 'MPEG-4',
};

function codecName(codec: string): string {
  return CODEC_NAMES[codec.toLowerCase()] ?? codec.toUpperCase();
}

/**
 * What ffprobe saw of the stream, e.g. "H.264 640×360 · 512 kbit/s";
 * empty when nothing is known yet.
 */
export function describeStream(status: CameraStatus, locale: string): string {
  const video = [
    status.codec ? codecName(status.codec) : null,
    status.width && status.height ? `${status.width}×${status.height}` : null,
  ]
    .filter(Boolean)
    .join(' ');
  const rate = status.bitrate
    ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(status.bitrate / 1000)} kbit/s`
    : null;
  return [video || null, rate].filter(Boolean).join(' · ');
}
