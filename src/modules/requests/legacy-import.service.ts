import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { AuditService } from '../audit/audit.service.js';
import { readCsvRows } from './csv-lines.js';
import { LEGACY_COLUMNS, legacyRow, type LegacyRow } from './legacy-register.js';
import type { RequestPreservation } from './request-preservation.service.js';
import type { RequestActor, RequestJournal } from './request-record.js';
import type { RequestsRepository } from './requests.repository.js';
import { TRANSITIONS } from './requests.schemas.js';
import type { RequestsService } from './requests.service.js';

/**
 * The corps' previous register of requests, imported from CSV (issue 6 §8) so that every
 * request is counted whichever way it arrived. All or nothing: every bad line is named and
 * nothing is written. Each line becomes a numbered request with its legacy number (imported
 * once), its original date and state; open ones are preserved like new ones (no mail is sent).
 */
export class LegacyImport {
  constructor(
    private readonly d: {
      db: Db;
      repo: RequestsRepository;
      journal: RequestJournal;
      audit: AuditService;
      clock: Clock;
      requests: RequestsService;
      preservation: RequestPreservation;
    },
  ) {}

  async importCsv(
    by: RequestActor,
    text: string,
  ): Promise<{ imported: number; numbers: string[] }> {
    const known = await this.d.repo.legacyNumbers();
    const seen = new Map<string, number>();
    const rows = readCsvRows(text, LEGACY_COLUMNS, (get, line): LegacyRow => {
      const row = legacyRow(get);
      const key = row.legacyNumber.toLowerCase();
      if (known.has(key)) throw new Error(`numero ${row.legacyNumber} già importato`);
      const twin = seen.get(key);
      if (twin !== undefined) throw new Error(`numero ${row.legacyNumber} già alla riga ${twin}`);
      seen.set(key, line);
      return row;
    });
    const now = this.d.clock.now();
    const created = await this.d.db.transaction().execute(async (tx) => {
      const out: Array<{ id: string; number: string; open: boolean }> = [];
      for (const { value: row, line } of rows) {
        const r = await this.d.requests.register(tx, by, row.fields, {
          receivedAt: row.receivedAt,
          legacyNumber: row.legacyNumber,
        });
        const open = TRANSITIONS[row.state].length > 0;
        if (row.state !== 'ricevuta') {
          await this.d.repo.update(
            r.id,
            {
              state: row.state,
              negative_reason: row.state === 'negativa' ? 'other' : null,
              state_reason: row.note,
              closed_at: open ? null : row.receivedAt,
              // A closed request of the past needs no hold.
              preserved_at: open ? null : now,
            },
            tx,
          );
        }
        await this.d.journal.write(tx, r.id, by, 'importata', {
          to: row.state,
          reason: row.note,
          details: { legacyNumber: row.legacyNumber, line },
        });
        out.push({ id: r.id, number: r.number, open });
      }
      await this.d.audit.record(tx, by.actor, {
        action: 'request.import',
        objectType: 'request',
        details: { imported: out.length, legacyNumbers: rows.length },
      });
      return out;
    });
    for (const c of created) {
      if (c.open) await this.d.preservation.preserve(c.id, { acknowledge: false });
    }
    return { imported: created.length, numbers: created.map((c) => c.number) };
  }
}
