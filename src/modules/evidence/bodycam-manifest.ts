import { instant } from './rome-time.js';

/** The restriction stamped on bodycam footage by the disciplinare (B2, issue 8 §6). */
export const NOT_USABLE_ADMIN = 'NON UTILIZZABILE PER ILLECITI AMMINISTRATIVI';

export const BODYCAM_PRECISION =
  'File originale della bodycam, copiato byte per byte senza ricodifica né tagli: ' +
  'l’impronta SHA-256 è quella calcolata all’acquisizione dal dispositivo (docking) e ' +
  'verificata sulla copia archiviata.';

export const BODYCAM_CLOCK_NOTE =
  'Inizio e fine della registrazione sono quelli del dispositivo: dai metadati del file ' +
  '(creation_time), dalla traccia GPS o, in mancanza, dalla data del file; la fonte è ' +
  'indicata per ogni clip in "timeSource". Lo scostamento dell’orologio della bodycam non è misurato.';

const TIME_SOURCE_LABEL: Record<string, string> = {
  metadata: 'metadati del file',
  gps: 'traccia GPS',
  file: 'data del file',
};
export const timeSourceLabel = (s: string): string => TIME_SOURCE_LABEL[s] ?? s;

/** One bodycam clip in a package, as the manifest and the verbale describe it. */
export interface BodycamClipEntry {
  clipId: string;
  /** Its path inside the package (`clip/…`). */
  path: string;
  originalName: string;
  deviceSerial: string;
  officer: { id: string | null; name: string | null };
  partnerCommand: string | null;
  recordedStart: number;
  recordedEnd: number;
  timeSource: string;
  durationSeconds: number;
  gps: Array<{ lat: number; lon: number; t: number | null }>;
  category: { code: string; label: string } | null;
  activationReason: string | null;
  subjectsWarned: boolean | null;
  linkedRef: string | null;
  disciplinare: { id: string; number: number };
  notUsableForAdministrativeOffences: boolean;
  sha256: string;
}

/** The bodycam source of a package: its clips (the `camera` of the manifest is then null). */
export interface BodycamSource {
  clips: BodycamClipEntry[];
}

export const bodycamNotUsable = (b: BodycamSource): boolean =>
  b.clips.some((c) => c.notUsableForAdministrativeOffences);

/** The `bodycam` section of manifest.json. */
export function bodycamManifestSection(b: BodycamSource) {
  return {
    restrictions: bodycamNotUsable(b) ? [NOT_USABLE_ADMIN] : [],
    clips: b.clips.map((c) => ({
      clipId: c.clipId,
      file: c.path,
      originalName: c.originalName,
      deviceSerial: c.deviceSerial,
      officer: c.officer,
      partnerCommand: c.partnerCommand,
      recording: {
        start: instant(c.recordedStart),
        end: instant(c.recordedEnd),
        durationSeconds: c.durationSeconds,
        timeSource: c.timeSource,
      },
      gps: c.gps.length
        ? {
            points: c.gps.length,
            first: { lat: c.gps[0]?.lat, lon: c.gps[0]?.lon },
            track: c.gps.map((p) => ({
              lat: p.lat,
              lon: p.lon,
              t: p.t === null ? null : new Date(p.t).toISOString(),
            })),
          }
        : null,
      category: c.category,
      activationReason: c.activationReason,
      subjectsWarned: c.subjectsWarned,
      linkedRef: c.linkedRef,
      disciplinare: c.disciplinare,
      notUsableForAdministrativeOffences: c.notUsableForAdministrativeOffences,
      sha256: c.sha256,
    })),
  };
}

/** LEGGIMI.txt's content lines for a bodycam package. */
export function bodycamReadmeContent(b: BodycamSource): string {
  return (
    (bodycamNotUsable(b) ? `ATTENZIONE: ${NOT_USABLE_ADMIN}.\n\n` : '') +
    `Contenuto
- clip/         i file originali della bodycam, copiati senza modifiche (verificati con SHA-256)
- manifest.json descrizione del reperto: per ogni clip agente, matricola della bodycam, inizio e
                fine della registrazione (UTC e ora italiana), GPS, categoria, versione del
                disciplinare, limitazioni d'uso; operatore, fascicolo, motivo, file con
                dimensione e impronta SHA-256, versione del software
- manifest.sig  firma Ed25519 (64 byte) di manifest.json con la chiave dell'installazione
- public-key.pem la chiave pubblica (SPKI PEM) per verificare la firma
- verbale.pdf   verbale di acquisizione
- SHA256SUMS    impronte SHA-256 di tutti gli altri file
`
  );
}
