import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { isoOrNull } from '../../platform/db/database.js';
import type { Logger } from '../../platform/log/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { Camera } from '../cameras/camera.schemas.js';
import type { CamerasService } from '../cameras/cameras.service.js';
import type { LiveHub, LiveViewer, StreamKind } from './live-hub.js';
import type { OnDemandSources } from './on-demand-sources.js';
import type { RecorderTaps } from './recorder-taps.js';

export type StreamChoice = 'auto' | 'main' | 'sub';

export interface LiveSession {
  id: string;
  camera: Camera;
  kind: StreamKind;
  startedAt: number;
  /** How the picture reached the viewer (recorded when the session ends). */
  transport: 'mse' | 'webrtc';
  /** Adds the viewer to the stream; returns the function that removes it. */
  watch(viewer: LiveViewer): () => void;
  /** Ends the session: stops the stream if nobody else watches, audits the end. */
  end(): Promise<void>;
}

/**
 * Live observation (osservazione in diretta): opens audited viewing sessions (L1: user,
 * camera, start, end) on the hub, fed by a tap on the recording for main streams that are
 * recorded and by on-demand ffmpeg otherwise.
 */
export class LiveService {
  constructor(
    private readonly d: {
      db: Db;
      hub: LiveHub;
      sources: OnDemandSources;
      /** Follows the segment a recorder is writing (main streams of recorded cameras). */
      taps: Pick<RecorderTaps, 'acquire'>;
      cameras: CamerasService;
      isRecording: (cameraId: string) => boolean;
      audit: AuditService;
      clock: Clock;
      log: Logger;
    },
  ) {}

  /** Sends the current GOP again (a viewer resuming after a pause). */
  replay(session: LiveSession, viewer: LiveViewer): void {
    this.d.hub.replay(session.camera.id, session.kind, viewer);
  }

  async open(
    auth: AuthContext,
    actor: AuditActor,
    cameraId: string,
    choice: StreamChoice,
  ): Promise<LiveSession> {
    // A camera outside the user's groups is refused as if it did not exist.
    const camera = await this.d.cameras.get(cameraId, auth);
    const kind: StreamKind = choice !== 'main' && camera.subUrl ? 'sub' : 'main';
    const id = randomUUID();
    const startedAt = this.d.clock.now();
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.audit.record(tx, actor, {
        action: 'live.start',
        objectType: 'camera',
        objectId: camera.id,
        details: { code: camera.code, stream: kind, session: id },
      });
    });
    let release: (() => void) | null = null;
    const needsSource = kind === 'sub' || !this.d.isRecording(camera.id);
    if (needsSource) {
      const target = await this.d.cameras.recordingTarget(camera.id);
      const url = kind === 'sub' ? target.subUrl : target.url;
      if (url) release = this.d.sources.acquire(camera.id, kind, url);
    } else release = this.d.taps.acquire(camera.id);
    let ended = false;
    const session: LiveSession = {
      id,
      camera,
      kind,
      startedAt,
      transport: 'mse',
      watch: (viewer) => this.d.hub.subscribe(camera.id, kind, viewer),
      end: async () => {
        if (ended) return;
        ended = true;
        release?.();
        const endedAt = this.d.clock.now();
        await this.d.db.transaction().execute(async (tx) => {
          await this.d.audit.record(tx, actor, {
            action: 'live.end',
            objectType: 'camera',
            objectId: camera.id,
            details: {
              code: camera.code,
              stream: kind,
              session: id,
              startedAt: isoOrNull(startedAt),
              endedAt: isoOrNull(endedAt),
              seconds: Math.round((endedAt - startedAt) / 1000),
              transport: session.transport,
            },
          });
        });
      },
    };
    return session;
  }
}
