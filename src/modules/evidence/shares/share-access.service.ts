import type { Readable } from 'node:stream';
import type { Clock } from '../../../platform/clock.js';
import { sha256Hex } from '../../../platform/crypto/hash.js';
import type { Db } from '../../../platform/db/database.js';
import { isoOrNull } from '../../../platform/db/database.js';
import { AppError, NotFound, TooManyRequests } from '../../../platform/errors.js';
import type { Storage } from '../../../platform/storage/storage.js';
import { zipStream } from '../../../platform/zip/zip-stream.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { AuditActor } from '../../audit/audit.types.js';
import { LoginThrottle } from '../../auth/login-throttle.js';
import type { PasswordHasher } from '../../auth/password.js';
import { orderedId } from '../ordered-id.js';
import type { EvidenceRepository, EvidenceRow } from '../evidence.repository.js';
import type { EvidenceService } from '../evidence.service.js';
import type { ShareRepository, ShareRow } from './share.repository.js';
import { ShareGone, ShareNotFound, shareStatus, type ShareKeys } from './share-rules.js';
import { SHARE_PASSWORD_ATTEMPTS, type ShareAccess } from './share.schemas.js';
import { recipientLabel } from './share.service.js';

/** How long a download key stays good after the link was opened (it never outlives the link). */
const KEY_TTL_MS = 30 * 60_000;
/**
 * Password attempts per client address per minute, across all links (the lock after
 * SHARE_PASSWORD_ATTEMPTS protects each link; this slows one source trying many links).
 */
export const SHARE_PASSWORD_IP_LIMIT = 10;
const README_MAX = 64 * 1024;

/** The recipient, known only by where they connect from. */
export interface Visitor {
  ip: string | null;
  userAgent: string | null;
}

/**
 * The recipient in custody and audit entries: no account, so the link stands for them
 * (`condivisione:<first 8 of the share id>`, the way CLI actors are `cli:<user>`), with their IP.
 */
export const recipientActor = (share: Pick<ShareRow, 'id'>, v: Visitor): AuditActor => ({
  userId: null,
  username: `condivisione:${share.id.slice(0, 8)}`,
  ip: v.ip,
});

class SharePassword extends AppError {
  constructor(code: 'share_password_required' | 'share_password_wrong', attemptsLeft: number) {
    super(
      code,
      403,
      code === 'share_password_required'
        ? 'Questo link è protetto da password: inserire la password ricevuta dal Comando.'
        : `Password errata: restano ${attemptsLeft} tentativi prima del blocco del link.`,
      { attemptsLeft },
    );
  }
}

/**
 * The recipient's side of a share (public, no operations-room login): opening the link with
 * its password, then downloading the package ZIP or single files with a short-lived key.
 * Every download takes one from the link's counter atomically and is written to the item's
 * chain of custody and the audit log (with the IP), in one transaction, before any byte leaves.
 */
export class ShareAccessService {
  constructor(
    private readonly d: {
      db: Db;
      repo: ShareRepository;
      evidenceRepo: EvidenceRepository;
      evidence: EvidenceService;
      audit: AuditService;
      storage: Storage;
      hasher: PasswordHasher;
      keys: ShareKeys;
      clock: Clock;
      publicKeyFingerprint: string;
    },
  ) {}

  private readonly throttle = new LoginThrottle(SHARE_PASSWORD_IP_LIMIT);

  async open(token: string, password: string | undefined, visitor: Visitor): Promise<ShareAccess> {
    const share = await this.d.repo.findByTokenHash(sha256Hex(token));
    if (!share) throw new ShareNotFound();
    const status = shareStatus(share, this.d.clock.now());
    if (status !== 'attiva') throw new ShareGone(status);
    const item = await this.item(share);

    if (share.password_hash !== null) {
      if (!password) {
        throw new SharePassword(
          'share_password_required',
          SHARE_PASSWORD_ATTEMPTS - share.failed_attempts,
        );
      }
      const wait = this.throttle.hit(visitor.ip ?? 'unknown', this.d.clock.now());
      if (wait > 0) {
        throw new TooManyRequests(
          `Troppi tentativi di password da questo indirizzo: riprovare tra ${wait} secondi.`,
          wait,
        );
      }
      await this.checkPassword(share, item, share.password_hash, password, visitor);
    }

    const now = this.d.clock.now();
    await this.d.audit.recordAlone(recipientActor(share, visitor), {
      action: 'evidence.share_open',
      objectType: 'evidence',
      objectId: item.id,
      recipient: recipientLabel(share),
      details: { number: item.number, shareId: share.id, userAgent: visitor.userAgent },
    });
    const files = await this.d.evidenceRepo.files(item.id);
    const readme = files.find((f) => f.kind === 'readme');
    const keyExpires = Math.min(now + KEY_TTL_MS, Number(share.expires_at));
    return {
      evidenceNumber: item.number,
      recipient: { name: share.recipient_name, organization: share.recipient_org },
      sharedBy: share.created_by_name,
      caseRef: share.case_ref,
      expiresAt: isoOrNull(share.expires_at) ?? '',
      maxDownloads: share.max_downloads,
      downloadsLeft: Math.max(0, share.max_downloads - share.downloads),
      files: files.map((f) => ({
        path: f.path,
        kind: f.kind,
        bytes: Number(f.bytes),
        sha256: f.sha256,
      })),
      totalBytes: files.reduce((sum, f) => sum + Number(f.bytes), 0),
      publicKeyFingerprint: item.key_fingerprint || this.d.publicKeyFingerprint,
      readme:
        readme && Number(readme.bytes) <= README_MAX ? await this.text(readme.storage_key) : null,
      key: this.d.keys.issue(share.id, keyExpires),
      keyExpiresAt: new Date(keyExpires).toISOString(),
    };
  }

  /**
   * Checks a link's password. The attempt is counted before the (slow) check and given back
   * when the password is right, so that any number of parallel guesses tests at most
   * SHARE_PASSWORD_ATTEMPTS passwords in the link's lifetime.
   */
  private async checkPassword(
    share: ShareRow,
    item: EvidenceRow,
    hash: string,
    password: string,
    visitor: Visitor,
  ): Promise<void> {
    if (!(await this.d.repo.reserveAttempt(share.id, SHARE_PASSWORD_ATTEMPTS))) {
      const fresh = await this.d.repo.find(share.id);
      if (!fresh || fresh.locked_at !== null) throw new ShareGone('bloccata');
      // The last attempts are being checked right now (parallel requests).
      throw new TooManyRequests(
        'Altri tentativi di password su questo link sono in corso: riprovare tra qualche secondo.',
        5,
      );
    }
    let right: boolean;
    try {
      right = await this.d.hasher.verify(hash, password);
    } catch (err: unknown) {
      await this.d.repo.releaseAttempt(share.id);
      throw err;
    }
    if (right) {
      await this.d.repo.releaseAttempt(share.id);
      return;
    }
    const attempts = await this.d.db.transaction().execute(async (tx) => {
      const now = this.d.clock.now();
      const settled = await this.d.repo.settleWrongAttempt(
        share.id,
        now,
        SHARE_PASSWORD_ATTEMPTS,
        tx,
      );
      await this.d.audit.record(tx, recipientActor(share, visitor), {
        action: 'evidence.share_password_failed',
        objectType: 'evidence',
        objectId: item.id,
        recipient: recipientLabel(share),
        details: { number: item.number, shareId: share.id, attempts: settled.attempts },
      });
      if (settled.lockedNow) {
        await this.d.evidence.custodyIn(
          tx,
          recipientActor(share, visitor),
          item,
          'share_locked',
          'troppi tentativi con password errata',
          { shareId: share.id, attempts: settled.attempts, userAgent: visitor.userAgent },
          recipientLabel(share),
        );
      }
      return settled.attempts;
    });
    if (attempts >= SHARE_PASSWORD_ATTEMPTS) throw new ShareGone('bloccata');
    throw new SharePassword('share_password_wrong', SHARE_PASSWORD_ATTEMPTS - attempts);
  }

  /** The whole package as a ZIP (folder `<number>/`), streamed with its length. */
  async packageZip(
    key: string,
    visitor: Visitor,
  ): Promise<{ stream: Readable; bytes: number; fileName: string }> {
    const { share, item } = await this.byKey(key);
    const files = await this.d.evidenceRepo.files(item.id);
    await this.take(share, item, visitor, { format: 'zip', path: null, files: files.length });
    const { stream, bytes } = await zipStream(
      files.map((f) => ({
        name: `${item.number}/${f.path}`,
        bytes: Number(f.bytes),
        open: () => this.d.storage.get(f.storage_key),
      })),
      new Date(Number(item.created_at)),
    );
    return { stream, bytes, fileName: `${item.number}.zip` };
  }

  /** One file of the package. */
  async file(
    key: string,
    path: string,
    visitor: Visitor,
  ): Promise<{ stream: Readable; bytes: number; mediaType: string; fileName: string }> {
    const { share, item } = await this.byKey(key);
    const file = (await this.d.evidenceRepo.files(item.id)).find((f) => f.path === path);
    if (!file) throw new NotFound('file del reperto', path);
    await this.take(share, item, visitor, { format: 'file', path, sha256: file.sha256 });
    return {
      stream: await this.d.storage.get(file.storage_key),
      bytes: Number(file.bytes),
      mediaType: file.media_type,
      fileName: path.split('/').pop() ?? path,
    };
  }

  /** Counter, download log, custody and audit in one transaction; throws 410 when used up. */
  private async take(
    share: ShareRow,
    item: EvidenceRow,
    visitor: Visitor,
    what: { format: 'zip' | 'file'; path: string | null } & Record<string, unknown>,
  ): Promise<void> {
    const now = this.d.clock.now();
    const taken = await this.d.db.transaction().execute(async (tx) => {
      if (!(await this.d.repo.takeDownload(share.id, now, tx))) return false;
      await this.d.repo.addDownload(
        {
          id: orderedId(now),
          share_id: share.id,
          at: now,
          ip: visitor.ip,
          user_agent: visitor.userAgent,
          format: what.format,
          path: what.path,
        },
        tx,
      );
      await this.d.evidence.custodyIn(
        tx,
        recipientActor(share, visitor),
        item,
        'share_download',
        null,
        { shareId: share.id, ...what, userAgent: visitor.userAgent },
        recipientLabel(share),
      );
      return true;
    });
    if (taken) return;
    const fresh = (await this.d.repo.find(share.id)) ?? share;
    const status = shareStatus(fresh, now);
    throw new ShareGone(status === 'attiva' ? 'esaurita' : status);
  }

  private async byKey(key: string): Promise<{ share: ShareRow; item: EvidenceRow }> {
    const shareId = this.d.keys.check(key, this.d.clock.now());
    if (!shareId) {
      throw new AppError(
        'share_key_expired',
        403,
        'La sessione di scaricamento è scaduta: riaprire il link ricevuto.',
      );
    }
    const share = await this.d.repo.find(shareId);
    if (!share) throw new ShareNotFound();
    return { share, item: await this.item(share) };
  }

  /** A small text file of the package (the instructions, shown on the page, not a download). */
  private async text(key: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.d.storage.get(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private async item(share: ShareRow): Promise<EvidenceRow> {
    const item = await this.d.evidenceRepo.findItem(share.evidence_id);
    if (!item) throw new ShareNotFound();
    return item;
  }
}
