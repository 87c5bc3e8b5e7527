import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_recording.js';
import * as m0003 from './0003_preferences.js';
import * as m0004 from './0004_camera_groups.js';
import * as m0005 from './0005_requests.js';
import * as m0006 from './0006_evidence.js';
import * as m0007 from './0007_request_operations.js';
import * as m0008 from './0008_bodycams.js';
import * as m0012 from './0012_compliance.js';
import * as m0009 from './0009_reports.js';
import * as m0010 from './0010_evidence_shares.js';
import * as m0013 from './0013_bodycam_uploads.js';
import * as m0014 from './0014_compliance_immutable.js';

/**
 * The ordered list of migrations. Imported statically (not read from a folder) so that the
 * compiled server needs no file-system lookup. Names sort in application order.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_recording': m0002,
  '0003_preferences': m0003,
  '0004_camera_groups': m0004,
  '0005_requests': m0005,
  '0006_evidence': m0006,
  '0007_request_operations': m0007,
  '0008_bodycams': m0008,
  '0012_compliance': m0012,
  '0009_reports': m0009,
  '0010_evidence_shares': m0010,
  '0013_bodycam_uploads': m0013,
  '0014_compliance_immutable': m0014,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
