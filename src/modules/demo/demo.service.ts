import type { Logger } from '../../platform/log/logger.js';
import { RtspSimulator } from '../../platform/rtsp/rtsp-simulator.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import { CameraInputSchema } from '../cameras/camera.schemas.js';
import type { CamerasService } from '../cameras/cameras.service.js';
import { DEMO_CAMERAS } from './demo-cameras.js';

/**
 * Simulated cameras for a new installation: with no real camera in the registry, a GStreamer
 * RTSP server on 127.0.0.1 generates H.264 with the camera name and the clock burnt in, and
 * the demo cameras point at it. They stop being started as soon as a real camera exists.
 */
export class DemoService {
  private simulator: RtspSimulator | null = null;
  private stopping = false;

  constructor(
    private readonly d: {
      cameras: CamerasService;
      log: Logger;
      port: number;
      onActive: (active: boolean) => void;
    },
  ) {}

  get running(): boolean {
    return this.simulator?.running ?? false;
  }

  /** Starts the demo if no real camera is configured; returns whether it runs. */
  async start(): Promise<boolean> {
    if ((await this.d.cameras.countNonDemo()) > 0) return false;
    const existing = new Set((await this.d.cameras.list()).map((c) => c.code));
    for (const { mount: _mount, ...camera } of DEMO_CAMERAS) {
      if (!existing.has(camera.code)) {
        await this.d.cameras.create(SYSTEM_ACTOR, CameraInputSchema.parse(camera), { demo: true });
      }
    }
    const simulator = new RtspSimulator({
      host: '127.0.0.1',
      port: this.d.port,
      tz: 'Europe/Rome',
      mounts: DEMO_CAMERAS.map((c) => ({
        path: c.mount,
        type: 'generate' as const,
        title: `${c.code} ${c.name}`,
        width: 640,
        height: 360,
        fps: 15,
        bitrateKbps: 500,
        keyframeSeconds: 2,
      })),
      log: (line) => this.d.log.debug({ component: 'demo' }, line),
    });
    try {
      await simulator.start();
    } catch (err: unknown) {
      this.d.log.error({ err }, 'demo cameras could not start');
      return false;
    }
    this.simulator = simulator;
    simulator.onExit(() => {
      if (this.stopping) return;
      this.d.log.error('demo RTSP simulator exited');
      this.d.onActive(false);
    });
    await this.d.cameras.setDemoUrls(
      new Map(DEMO_CAMERAS.map((c) => [c.code, simulator.url(c.mount)])),
    );
    this.d.onActive(true);
    return true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.d.onActive(false);
    await this.simulator?.stop();
    this.simulator = null;
  }
}
