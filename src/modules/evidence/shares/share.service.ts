import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Clock } from '../../../platform/clock.js';
import { randomToken, sha256Hex } from '../../../platform/crypto/hash.js';
import type { Db } from '../../../platform/db/database.js';
import { isoOrNull } from '../../../platform/db/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { Outbox } from '../../../platform/mail/outbox.js';
import type { Storage } from '../../../platform/storage/storage.js';
import type { CamerasService } from '../../cameras/cameras.service.js';
import type { PasswordHasher } from '../../auth/password.js';
import type { Operator } from '../acquisition.service.js';
import type { EvidenceRepository, EvidenceRow } from '../evidence.repository.js';
import type { EvidenceReader, EvidenceService } from '../evidence.service.js';
import { romeHuman } from '../rome-time.js';
import type { ShareDownloadRow, ShareRepository, ShareRow } from './share.repository.js';
import { shareStatus } from './share-rules.js';
import type { NewShare, RecipientType, Share } from './share.schemas.js';
import { RECIPIENT_TYPE_LABEL, renderVerbaleConsegna } from './verbale-consegna.js';

const DAY = 24 * 3_600_000;

export interface ShareSettings {
  /** `https://vedetta.comune.example.it`; links are relative (and mail refused) without it. */
  publicUrl: string | null;
  maxDays: number;
  defaultDays: number;
}

/** `Nome (Ente)`: how the recipient appears in custody and audit entries. */
export const recipientLabel = (s: Pick<ShareRow, 'recipient_name' | 'recipient_org'>) =>
  `${s.recipient_name} (${s.recipient_org})`;

export function toShare(s: ShareRow, downloads: ShareDownloadRow[], now: number): Share {
  return {
    id: s.id,
    evidenceId: s.evidence_id,
    status: shareStatus(s, now),
    recipient: {
      type: s.recipient_type as RecipientType,
      name: s.recipient_name,
      organization: s.recipient_org,
      role: s.recipient_role,
      email: s.recipient_email,
    },
    reason: s.reason,
    caseRef: s.case_ref,
    expiresAt: isoOrNull(s.expires_at) ?? '',
    maxDownloads: s.max_downloads,
    downloadCount: s.downloads,
    hasPassword: s.password_hash !== null,
    failedAttempts: s.failed_attempts,
    lockedAt: isoOrNull(s.locked_at),
    revokedAt: isoOrNull(s.revoked_at),
    revokedBy: s.revoked_by,
    revokeReason: s.revoke_reason,
    createdBy: { username: s.created_by_username, name: s.created_by_name },
    createdAt: isoOrNull(s.created_at) ?? '',
    verbaleSha256: s.verbale_sha256,
    mailed: s.mail_outbox_id !== null,
    downloads: downloads
      .filter((d) => d.share_id === s.id)
      .map((d) => ({
        at: isoOrNull(d.at) ?? '',
        ip: d.ip,
        userAgent: d.user_agent,
        format: d.format,
        path: d.path,
      })),
  };
}

/**
 * Sharing evidence with the judicial authority and partner commands (the operations-room
 * side): creating a link with its verbale di consegna, listing links with their downloads,
 * revoking. Every step is in the item's chain of custody and the audit log, in the same
 * transaction as the change.
 */
export class ShareService {
  constructor(
    private readonly d: {
      db: Db;
      repo: ShareRepository;
      evidenceRepo: EvidenceRepository;
      evidence: EvidenceService;
      cameras: CamerasService;
      storage: Storage;
      hasher: PasswordHasher;
      outbox: Outbox;
      clock: Clock;
      settings: ShareSettings;
    },
  ) {}

  /** The terms the UI offers (default and longest validity). */
  terms() {
    return { defaultDays: this.d.settings.defaultDays, maxDays: this.d.settings.maxDays };
  }

  async create(
    op: Operator,
    evidenceId: string,
    input: NewShare,
  ): Promise<{ share: Share; link: string }> {
    const item = await this.item(op, evidenceId);
    const days = input.expiresInDays ?? this.d.settings.defaultDays;
    if (days > this.d.settings.maxDays) {
      throw new ValidationFailed(
        `la validità massima di un link è ${this.d.settings.maxDays} giorni`,
        { field: 'expiresInDays', max: this.d.settings.maxDays },
      );
    }
    if (input.sendEmail && !input.recipient.email) {
      throw new ValidationFailed('per inviare il link serve l’indirizzo e-mail del destinatario', {
        field: 'recipient.email',
      });
    }
    if (input.sendEmail && !this.d.settings.publicUrl) {
      throw new ValidationFailed(
        'invio per e-mail non disponibile: l’indirizzo pubblico (VEDETTA_PUBLIC_URL) non è configurato',
        { field: 'sendEmail' },
      );
    }
    if (input.sendEmail && !this.d.outbox.relayConfigured) {
      // Without a relay the mail would only sit in the outbox with the link's secret in it.
      throw new ValidationFailed(
        'invio per e-mail non disponibile: nessun server di posta in uscita configurato (VEDETTA_SMTP_RELAY_URL); consegnare il link per altra via',
        { field: 'sendEmail' },
      );
    }
    const now = this.d.clock.now();
    const id = randomUUID();
    const token = randomToken(32);
    const link = `${(this.d.settings.publicUrl ?? '').replace(/\/$/, '')}/condivisione#${token}`;
    const passwordHash = input.password ? await this.d.hasher.hash(input.password) : null;
    const files = await this.d.evidenceRepo.files(item.id);
    const recipient = {
      type: input.recipient.type,
      name: input.recipient.name,
      organization: input.recipient.organization,
      role: input.recipient.role ?? null,
      email: input.recipient.email ?? null,
    };
    const expiresAt = now + days * DAY;

    // The report is stored first; should the transaction fail, it is removed again.
    const verbaleKey = `evidence-shares/${item.id}/${id}/verbale-consegna.pdf`;
    const stored = await this.d.storage.put(
      verbaleKey,
      renderVerbaleConsegna({
        shareId: id,
        createdAt: now,
        handedOverBy: { name: op.name, username: op.username },
        recipient,
        reason: input.reason,
        caseRef: input.caseRef ?? null,
        expiresAt,
        maxDownloads: input.maxDownloads,
        hasPassword: passwordHash !== null,
        mailed: input.sendEmail,
        item: {
          number: item.number,
          cameraCode: item.camera_code,
          cameraName: item.camera_name,
          from: Number(item.actual_from_ms),
          to: Number(item.actual_to_ms),
          requestNumber: item.request_number,
          caseRef: item.case_ref,
          manifestSha256: item.manifest_sha256,
          keyFingerprint: item.key_fingerprint,
        },
        files: files.map((f) => ({ path: f.path, bytes: Number(f.bytes), sha256: f.sha256 })),
      }),
    );
    const row: ShareRow = {
      id,
      evidence_id: item.id,
      token_hash: sha256Hex(token),
      recipient_type: recipient.type,
      recipient_name: recipient.name,
      recipient_org: recipient.organization,
      recipient_role: recipient.role,
      recipient_email: recipient.email,
      reason: input.reason,
      case_ref: input.caseRef ?? null,
      expires_at: expiresAt,
      max_downloads: input.maxDownloads,
      downloads: 0,
      password_hash: passwordHash,
      failed_attempts: 0,
      locked_at: null,
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
      created_by_id: op.userId,
      created_by_username: op.username,
      created_by_name: op.name,
      created_at: now,
      verbale_key: verbaleKey,
      verbale_sha256: stored.sha256,
      verbale_bytes: stored.bytes,
      mail_outbox_id: null,
    };
    try {
      await this.d.db.transaction().execute(async (tx) => {
        if (input.sendEmail && recipient.email) {
          row.mail_outbox_id = await this.d.outbox.add(
            {
              to: recipient.email,
              subject: `Condivisione reperto ${item.number} — Polizia Locale`,
              text: shareMail(item, row, link),
              kind: 'evidence.share',
              related: { type: 'evidence_share', id },
            },
            tx,
          );
        }
        await this.d.repo.insert(row, tx);
        await this.d.evidence.custodyIn(
          tx,
          op.actor,
          item,
          'share',
          input.reason,
          {
            shareId: id,
            recipientType: recipient.type,
            organization: recipient.organization,
            caseRef: row.case_ref,
            expiresAt: new Date(expiresAt).toISOString(),
            maxDownloads: row.max_downloads,
            password: passwordHash !== null,
            mailedTo: row.mail_outbox_id ? recipient.email : null,
            verbaleConsegnaSha256: stored.sha256,
          },
          recipientLabel(row),
        );
      });
    } catch (err: unknown) {
      await this.d.storage.delete(verbaleKey).catch(() => undefined);
      throw err;
    }
    return { share: toShare(row, [], now), link };
  }

  async list(who: EvidenceReader, evidenceId: string): Promise<Share[]> {
    const item = await this.item(who, evidenceId);
    const shares = await this.d.repo.listForItem(item.id);
    const downloads = await this.d.repo.downloadsOf(shares.map((s) => s.id));
    const now = this.d.clock.now();
    return shares.map((s) => toShare(s, downloads, now));
  }

  async revoke(op: Operator, evidenceId: string, shareId: string, reason: string): Promise<Share> {
    const { item, share } = await this.share(op, evidenceId, shareId);
    if (share.revoked_at !== null) throw new Conflict('link già revocato', 'share_already_revoked');
    await this.d.db.transaction().execute(async (tx) => {
      const done = await this.d.repo.revoke(
        share.id,
        { at: this.d.clock.now(), by: op.username, reason },
        tx,
      );
      if (!done) throw new Conflict('link già revocato', 'share_already_revoked');
      await this.d.evidence.custodyIn(
        tx,
        op.actor,
        item,
        'share_revoke',
        reason,
        { shareId: share.id, downloads: share.downloads, maxDownloads: share.max_downloads },
        recipientLabel(share),
      );
    });
    const updated = await this.d.repo.find(share.id);
    if (!updated) throw new NotFound('condivisione', shareId);
    return toShare(updated, await this.d.repo.downloadsOf([share.id]), this.d.clock.now());
  }

  /** The verbale di consegna PDF; reading it is recorded in the chain of custody first. */
  async verbale(
    who: EvidenceReader,
    evidenceId: string,
    shareId: string,
  ): Promise<{ stream: Readable; bytes: number; fileName: string }> {
    const { item, share } = await this.share(who, evidenceId, shareId);
    await this.d.db
      .transaction()
      .execute((tx) =>
        this.d.evidence.custodyIn(
          tx,
          who.actor,
          item,
          'share_report_download',
          null,
          { shareId: share.id, sha256: share.verbale_sha256 },
          recipientLabel(share),
        ),
      );
    return {
      stream: await this.d.storage.get(share.verbale_key),
      bytes: Number(share.verbale_bytes),
      fileName: `verbale-consegna-${item.number}-${share.id.slice(0, 8)}.pdf`,
    };
  }

  private async share(who: EvidenceReader, evidenceId: string, shareId: string) {
    const item = await this.item(who, evidenceId);
    const share = await this.d.repo.find(shareId);
    if (!share || share.evidence_id !== item.id) throw new NotFound('condivisione', shareId);
    return { item, share };
  }

  /** The item, if it exists and its camera is visible to the caller (else 404, no oracle). */
  private async item(who: EvidenceReader, id: string): Promise<EvidenceRow> {
    const item = await this.d.evidenceRepo.findItem(id);
    if (!item) throw new NotFound('reperto', id);
    if (who.viewer.cameraGroups !== null) {
      const visible = (await this.d.cameras.list(who.viewer)).some((c) => c.id === item.camera_id);
      if (!visible) throw new NotFound('reperto', id);
    }
    return item;
  }
}

/** The mail carrying the link: never the password, which travels by another channel. */
function shareMail(item: EvidenceRow, s: ShareRow, link: string): string {
  return [
    `Gentile ${s.recipient_name},`,
    '',
    `la Centrale Operativa della Polizia Locale le mette a disposizione il reperto ${item.number}` +
      ` (${RECIPIENT_TYPE_LABEL[s.recipient_type as RecipientType].toLowerCase()}: ${s.recipient_org}).`,
    s.case_ref ? `Riferimento: ${s.case_ref}.` : null,
    '',
    'Il pacchetto (filmati, manifest firmato, verbale di acquisizione e impronte SHA-256) si scarica da:',
    link,
    '',
    `Il link è personale, vale fino al ${romeHuman(Number(s.expires_at))} (ora italiana) e consente al massimo ` +
      `${s.max_downloads} download. Ogni download è registrato con data, ora e indirizzo IP.`,
    s.password_hash
      ? 'Per aprirlo serve una password, che le sarà comunicata separatamente (non è in questo messaggio).'
      : null,
    '',
    `Consegna disposta da ${s.created_by_name}.`,
    'Questo messaggio è generato automaticamente: non rispondere.',
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}
