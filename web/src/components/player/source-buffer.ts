import { PlayerFailure } from './failure';
import { codecOf, FALLBACK_CODEC } from './mp4';

/**
 * A SourceBuffer driven one operation at a time: MSE refuses an append or a removal while
 * the previous one is still running.
 */
export class SerialSourceBuffer {
  private constructor(
    private readonly mediaSource: MediaSource,
    private readonly sb: SourceBuffer,
  ) {}

  /**
   * The buffer for the codec of the first segment (read from its avcC box), in "segments"
   * mode: every file keeps its own timestamps, moved by the offset given with it.
   */
  static create(mediaSource: MediaSource, firstSegment: ArrayBuffer): SerialSourceBuffer {
    const codec = codecOf(firstSegment) ?? FALLBACK_CODEC;
    const mime = `video/mp4; codecs="${codec}"`;
    if (!MediaSource.isTypeSupported(mime)) throw new PlayerFailure('codec', codec);
    const sb = mediaSource.addSourceBuffer(mime);
    sb.mode = 'segments';
    return new SerialSourceBuffer(mediaSource, sb);
  }

  get buffered(): TimeRanges {
    return this.sb.buffered;
  }

  get updating(): boolean {
    return this.sb.updating;
  }

  /** Appends a whole segment file with its media time moved by `offset` seconds. */
  async append(data: ArrayBuffer, offset: number): Promise<void> {
    await this.idle();
    if (this.mediaSource.readyState === 'closed') return;
    this.sb.timestampOffset = offset;
    this.sb.appendBuffer(data);
    await this.idle();
  }

  /** Removes the media between `from` and `to` seconds. */
  async remove(from: number, to: number): Promise<void> {
    if (!(to > from)) return;
    await this.idle();
    if (this.mediaSource.readyState === 'closed') return;
    this.sb.remove(from, to);
    await this.idle();
  }

  /** Resolves when the buffer is idle; rejects if the pending operation failed. */
  private idle(): Promise<void> {
    const sb = this.sb;
    if (!sb.updating) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        cleanup();
        resolve();
      };
      const failed = () => {
        cleanup();
        reject(new PlayerFailure('append', 'SourceBuffer error'));
      };
      const cleanup = () => {
        sb.removeEventListener('updateend', done);
        sb.removeEventListener('error', failed);
      };
      sb.addEventListener('updateend', done);
      sb.addEventListener('error', failed);
    });
  }
}
