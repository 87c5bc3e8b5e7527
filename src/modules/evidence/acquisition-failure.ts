import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.types.js';
import type { EvidenceRepository } from './evidence.repository.js';

/**
 * Ends an acquisition as failed, with the error's stable code and message, and audits it in the
 * same transaction (CCTV and bodycam exports alike). Nothing is registered: the acquisition stays
 * numbered and visible with its error.
 */
export async function recordAcquisitionFailure(
  d: { db: Db; repo: EvidenceRepository; audit: AuditService; clock: Clock },
  id: string,
  err: unknown,
  what: { number: string; reason: string; caseRef: string | null; source?: 'bodycam' },
): Promise<{ code: string; message: string }> {
  const code = err instanceof AppError ? err.code : 'export_failed';
  const message =
    err instanceof AppError ? err.message : `Esportazione non riuscita: ${errorMessage(err)}`;
  const now = d.clock.now();
  await d.db.transaction().execute(async (tx) => {
    await d.repo.updateAcquisition(
      id,
      {
        status: 'failed',
        error_code: code,
        error: message.slice(0, 2000),
        finished_at: now,
        updated_at: now,
      },
      tx,
    );
    await d.audit.record(tx, SYSTEM_ACTOR, {
      action: 'evidence.acquire_failed',
      objectType: 'acquisition',
      objectId: id,
      reason: what.reason,
      caseRef: what.caseRef,
      details: {
        number: what.number,
        ...(what.source ? { source: what.source } : {}),
        code,
        message: message.slice(0, 500),
      },
    });
  });
  return { code, message };
}
