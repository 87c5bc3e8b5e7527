import {
  BODYCAM_CLOCK_NOTE,
  BODYCAM_PRECISION,
  bodycamManifestSection,
  bodycamReadmeContent,
  type BodycamSource,
} from './bodycam-manifest.js';
import { instant } from './rome-time.js';
import type { EvidenceFileKind } from './evidence.tables.js';

/** The manifest format; `vedetta verify` refuses manifests of another format. */
export const MANIFEST_FORMAT = 'vedetta-evidence/1';

export const EXPORT_PRECISION =
  'Copia senza ricodifica (stream copy). Il clip inizia al fotogramma chiave (keyframe) ' +
  'all’istante richiesto o immediatamente prima, quindi fino a un GOP (di norma 1–2 s) in ' +
  'anticipo; termina all’ultimo fotogramma prima della fine richiesta (entro un intervallo di ' +
  'fotogramma). Dove il periodo cade in un’interruzione della registrazione il clip inizia o ' +
  'termina con i filmati disponibili: l’intervallo effettivo è indicato in "window.actual".';

export const CLOCK_NOTE =
  'Gli orari sono quelli del server di registrazione Vedetta (sincronizzato NTP) all’arrivo ' +
  'dei segmenti dalla telecamera: l’orologio interno della telecamera non è usato e il suo ' +
  'scostamento non è misurato.';

export interface PackageFile {
  path: string;
  kind: EvidenceFileKind;
  bytes: number;
  sha256: string;
  mediaType: string;
  /** For clips and original segments: the wall-clock span they cover. */
  from?: number;
  to?: number;
}

export interface ManifestGap {
  from: number;
  to: number;
  cause: string;
}

export interface ManifestInput {
  id: string;
  number: string;
  createdAt: number;
  softwareVersion: string;
  /** The fixed camera; null when the footage comes from bodycams (`bodycam`). */
  camera: {
    id: string;
    code: string;
    name: string;
    address: string;
    latitude: number | null;
    longitude: number | null;
    purpose: string;
  } | null;
  /** Bodycam clips exported as evidence (issue 8 §6). */
  bodycam?: BodycamSource | null;
  requested: { from: number; to: number };
  actual: { from: number; to: number };
  operator: { userId: string | null; username: string; name: string };
  request: { id: string; number: string } | null;
  caseRef: string | null;
  reason: string;
  gaps: ManifestGap[];
  files: PackageFile[];
  publicKeyFingerprint: string;
}

const span = (from: number, to: number) => ({ from: instant(from), to: instant(to) });

/** The manifest's JSON text: pretty-printed, UTF-8, ending with a newline. Its bytes are signed. */
export function buildManifest(m: ManifestInput): string {
  const manifest = {
    format: MANIFEST_FORMAT,
    id: m.id,
    number: m.number,
    createdAt: instant(m.createdAt),
    software: { name: 'Vedetta', version: m.softwareVersion },
    camera: m.camera,
    ...(m.bodycam && { bodycam: bodycamManifestSection(m.bodycam) }),
    window: {
      requested: span(m.requested.from, m.requested.to),
      actual: span(m.actual.from, m.actual.to),
      precision: m.bodycam ? BODYCAM_PRECISION : EXPORT_PRECISION,
    },
    clock: { offsetMs: null, note: m.bodycam ? BODYCAM_CLOCK_NOTE : CLOCK_NOTE },
    operator: m.operator,
    request: m.request,
    caseRef: m.caseRef,
    reason: m.reason,
    gaps: m.gaps.map((g) => ({ ...span(g.from, g.to), cause: g.cause })),
    files: m.files.map((f) => ({
      path: f.path,
      kind: f.kind,
      bytes: f.bytes,
      sha256: f.sha256,
      ...(f.from !== undefined && f.to !== undefined && span(f.from, f.to)),
    })),
    signature: {
      algorithm: 'Ed25519',
      file: 'manifest.sig',
      publicKey: 'public-key.pem',
      publicKeySha256: m.publicKeyFingerprint,
    },
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** `sha256sum` format: `<hex>  <path>` per line, binary-safe paths only (ours are ASCII). */
export function buildChecksums(files: Array<{ path: string; sha256: string }>): string {
  return files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
}

/** Parses a SHA256SUMS file; lines that do not match the format are returned as problems. */
export function parseChecksums(text: string): {
  entries: Array<{ path: string; sha256: string }>;
  bad: string[];
} {
  const entries: Array<{ path: string; sha256: string }> = [];
  const bad: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m?.[1] && m[2]) entries.push({ sha256: m[1], path: m[2] });
    else bad.push(line);
  }
  return { entries, bad };
}

const CCTV_CONTENT = `Contenuto
- clip/         il filmato estratto (MP4 H.264, riproducibile con VLC e con i browser)
- originali/    i segmenti originali della registrazione, copiati senza modifiche
- manifest.json descrizione del reperto: telecamera, periodo richiesto ed effettivo (UTC e
                ora italiana), operatore, richiesta/fascicolo, motivo, file con dimensione e
                impronta SHA-256, versione del software, interruzioni della registrazione
- manifest.sig  firma Ed25519 (64 byte) di manifest.json con la chiave dell'installazione
- public-key.pem la chiave pubblica (SPKI PEM) per verificare la firma
- verbale.pdf   verbale di acquisizione
- SHA256SUMS    impronte SHA-256 di tutti gli altri file
`;

/** LEGGIMI.txt: how to check the package with standard tools. */
export function buildReadme(
  number: string,
  fingerprint: string,
  bodycam: BodycamSource | null = null,
): string {
  const content = bodycam ? bodycamReadmeContent(bodycam) : CCTV_CONTENT;
  return `PACCHETTO DI PROVA ${number} — Vedetta
========================================

${content}
Verifica con strumenti standard (Linux, macOS, Windows con WSL o Git Bash)
1. Integrità dei file (ogni riga deve terminare con "OK"):

     sha256sum -c SHA256SUMS

2. Autenticità del manifest (deve stampare "Signature Verified Successfully"; OpenSSL 3):

     openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig

3. Che la chiave sia quella dell'installazione: confrontare l'impronta SHA-256 della chiave
   pubblica con quella pubblicata dal Comando (Vedetta la mostra in Amministrazione e via API):

     openssl pkey -pubin -in public-key.pem -outform DER | sha256sum

   Impronta attesa: ${fingerprint}

In alternativa, con Vedetta installato: vedetta verify <cartella o file .zip>

Qualsiasi modifica anche di un solo byte di un file fa fallire il controllo 1 (e, se riguarda
manifest.json, anche il controllo 2).
`;
}
