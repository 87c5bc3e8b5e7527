import { createTestCore, type TestCore } from '../../../test-support/core.js';
import type { TestDatabase } from '../../../test-support/databases.js';
import type { ApiClient } from '../../../test-support/http-client.js';
import { loggedIn } from '../../../test-support/users.js';

export type Body = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
export type Fields = { details?: { fields?: Record<string, string> } };

export interface ComplianceTestbed {
  t: TestCore;
  privacy: ApiClient;
  commander: ApiClient;
  admin: ApiClient;
  officer: ApiClient;
}

/** A core set up for the compliance tests (1 MB PDF limit, own and partner commands) and one user per role. */
export async function complianceTestbed(db: TestDatabase): Promise<ComplianceTestbed> {
  const t = await createTestCore(db, {
    VEDETTA_DEMO: '0',
    VEDETTA_BODYCAM_STABLE_SECONDS: '0',
    VEDETTA_COMPLIANCE_MAX_PDF_MB: '1',
    VEDETTA_OWN_COMMAND: 'Polizia Locale di Reggio Emilia',
    VEDETTA_PARTNER_COMMANDS: 'PL Unione Terre di Castelli; PL Unione Val d’Enza',
  });
  return {
    t,
    privacy: await loggedIn(t.core, t.http.app, 'dpo1', 'privacy_officer'),
    commander: await loggedIn(t.core, t.http.app, 'comandante', 'commander'),
    admin: await loggedIn(t.core, t.http.app, 'admin1', 'admin'),
    officer: await loggedIn(t.core, t.http.app, 'rossi', 'officer'),
  };
}

/** Uploads a PDF as the compliance page does (raw application/pdf). */
export function uploadPdf(client: ApiClient, data: Buffer, name = 'dpia.pdf') {
  return client.raw<Body>(
    'POST',
    `/api/compliance/uploads?filename=${encodeURIComponent(name)}`,
    data,
    'application/pdf',
  );
}

/** Uploads the file, then creates a record referring to it. */
export async function createRecord(client: ApiClient, body: Record<string, unknown>, file: Buffer) {
  const up = await uploadPdf(client, file);
  if (up.status !== 201) throw new Error(`upload refused: ${up.status} ${JSON.stringify(up.body)}`);
  return client.post<Body & Fields>('/api/compliance/records', {
    fileSha256: up.body.sha256,
    fileName: 'documento.pdf',
    ...body,
  });
}
