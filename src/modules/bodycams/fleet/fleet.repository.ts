import type { Db, Executor } from '../../../platform/db/database.js';
import type { BodycamDevicesTable, BodycamIssuesTable } from '../bodycams.tables.js';

export class FleetRepository {
  constructor(private readonly db: Db) {}

  devices(ex: Executor = this.db): Promise<BodycamDevicesTable[]> {
    return ex.selectFrom('bodycam_devices').selectAll().orderBy('serial').execute();
  }

  device(idOrSerial: string, ex: Executor = this.db): Promise<BodycamDevicesTable | undefined> {
    return ex
      .selectFrom('bodycam_devices')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrSerial), eb('serial', '=', idOrSerial)]))
      .executeTakeFirst();
  }

  async insertDevice(row: BodycamDevicesTable, ex: Executor): Promise<void> {
    await ex.insertInto('bodycam_devices').values(row).execute();
  }

  async updateDevice(id: string, patch: Partial<BodycamDevicesTable>, ex: Executor): Promise<void> {
    await ex.updateTable('bodycam_devices').set(patch).where('id', '=', id).execute();
  }

  openIssues(ex: Executor = this.db): Promise<BodycamIssuesTable[]> {
    return ex.selectFrom('bodycam_issues').selectAll().where('returned_at', 'is', null).execute();
  }

  openIssueOfDevice(deviceId: string, ex: Executor): Promise<BodycamIssuesTable | undefined> {
    return ex
      .selectFrom('bodycam_issues')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('returned_at', 'is', null)
      .executeTakeFirst();
  }

  openIssueOfOfficer(officerId: string, ex: Executor): Promise<BodycamIssuesTable | undefined> {
    return ex
      .selectFrom('bodycam_issues')
      .selectAll()
      .where('officer_id', '=', officerId)
      .where('returned_at', 'is', null)
      .executeTakeFirst();
  }

  /** The issue of a device covering an instant (issued at or before it, not returned before it). */
  issueAt(
    serial: string,
    at: number,
    ex: Executor = this.db,
  ): Promise<BodycamIssuesTable | undefined> {
    return ex
      .selectFrom('bodycam_issues')
      .selectAll()
      .where('device_serial', '=', serial)
      .where('issued_at', '<=', at)
      .where((eb) => eb.or([eb('returned_at', 'is', null), eb('returned_at', '>=', at)]))
      .orderBy('issued_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  issue(id: string, ex: Executor = this.db): Promise<BodycamIssuesTable | undefined> {
    return ex.selectFrom('bodycam_issues').selectAll().where('id', '=', id).executeTakeFirst();
  }

  issues(q: {
    serial?: string | undefined;
    officerId?: string | undefined;
    open?: boolean | undefined;
    limit: number;
  }): Promise<BodycamIssuesTable[]> {
    let s = this.db.selectFrom('bodycam_issues').selectAll();
    if (q.serial) s = s.where('device_serial', '=', q.serial);
    if (q.officerId) s = s.where('officer_id', '=', q.officerId);
    if (q.open === true) s = s.where('returned_at', 'is', null);
    if (q.open === false) s = s.where('returned_at', 'is not', null);
    return s.orderBy('issued_at', 'desc').limit(q.limit).execute();
  }

  async insertIssue(row: BodycamIssuesTable, ex: Executor): Promise<void> {
    await ex.insertInto('bodycam_issues').values(row).execute();
  }

  async closeIssue(
    id: string,
    patch: Pick<BodycamIssuesTable, 'returned_at' | 'received_by' | 'return_notes'>,
    ex: Executor,
  ): Promise<void> {
    await ex.updateTable('bodycam_issues').set(patch).where('id', '=', id).execute();
  }
}
