import type { CameraInputRaw } from '../cameras/camera.schemas.js';

/** The simulated cameras: real spots of Reggio Emilia's centre, one RTSP mount each. */
export const DEMO_CAMERAS: Array<CameraInputRaw & { mount: string }> = [
  {
    code: 'DEMO-01',
    name: 'Piazza Prampolini',
    address: 'Piazza Camillo Prampolini, Reggio Emilia',
    latitude: 44.69758,
    longitude: 10.63093,
    mount: '/demo-01',
  },
  {
    code: 'DEMO-02',
    name: 'Via Emilia San Pietro',
    address: 'Via Emilia San Pietro, Reggio Emilia',
    latitude: 44.69716,
    longitude: 10.63688,
    mount: '/demo-02',
  },
  {
    code: 'DEMO-03',
    name: 'Viale Piave',
    address: 'Viale Piave, Reggio Emilia',
    latitude: 44.69548,
    longitude: 10.64054,
    mount: '/demo-03',
  },
  {
    code: 'DEMO-04',
    name: 'Piazzale Marconi (stazione)',
    address: 'Piazzale Guglielmo Marconi, Reggio Emilia',
    latitude: 44.69862,
    longitude: 10.64302,
    mount: '/demo-04',
  },
].map((c) => ({
  ...c,
  mainUrl: `rtsp://127.0.0.1:8554${c.mount}`,
  purpose: 'sicurezza_urbana' as const,
  retentionDays: 3,
  notes:
    'Telecamera dimostrativa: flusso generato da Vedetta con ora di sistema in sovraimpressione.',
  dpiaRef: 'DEMO',
}));
