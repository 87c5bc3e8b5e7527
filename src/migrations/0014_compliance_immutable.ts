import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf } from '../platform/db/database.js';

// Compliance records (G1) are legal history: a newer record supersedes an older one, nothing is
// ever rewritten or removed. The code only inserts; these triggers make the database refuse any
// UPDATE or DELETE of compliance_records too, on both databases, like the evidence tables
// (0006, 0010). A separate migration so that databases already past 0012 get them as well.
// The uploaded PDFs have no table (they are stored by SHA-256 and their uploads audited), and
// the camera ↔ DPIA ties (compliance_camera_dpia) change by design (each change is audited).
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // vedetta_evidence_immutable() (0006) raises '<table> is immutable'.
    await sql`
      create trigger compliance_records_append_only
      before update or delete on compliance_records
      for each row execute function vedetta_evidence_immutable()`.execute(db);
  } else {
    await sql`
      create trigger compliance_records_no_update before update on compliance_records
      begin select raise(abort, 'compliance_records is append-only'); end`.execute(db);
    await sql`
      create trigger compliance_records_no_delete before delete on compliance_records
      begin select raise(abort, 'compliance_records is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop trigger if exists compliance_records_append_only on compliance_records`.execute(
      db,
    );
  } else {
    await sql`drop trigger if exists compliance_records_no_update`.execute(db);
    await sql`drop trigger if exists compliance_records_no_delete`.execute(db);
  }
}
