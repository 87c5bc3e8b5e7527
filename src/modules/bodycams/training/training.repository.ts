import type { Db, Executor } from '../../../platform/db/database.js';
import type {
  TrainingAttendanceTable,
  TrainingCoursesTable,
  TrainingSessionsTable,
} from '../bodycams.tables.js';

export interface AttendanceRow extends TrainingAttendanceTable {
  course_id: string;
  held_on: string;
}

export class TrainingRepository {
  constructor(private readonly db: Db) {}

  courses(ex: Executor = this.db): Promise<TrainingCoursesTable[]> {
    return ex.selectFrom('training_courses').selectAll().orderBy('name').execute();
  }

  course(idOrCode: string, ex: Executor = this.db): Promise<TrainingCoursesTable | undefined> {
    return ex
      .selectFrom('training_courses')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)]))
      .executeTakeFirst();
  }

  async insertCourse(row: TrainingCoursesTable, ex: Executor): Promise<void> {
    await ex.insertInto('training_courses').values(row).execute();
  }

  async updateCourse(
    id: string,
    patch: Partial<TrainingCoursesTable>,
    ex: Executor,
  ): Promise<void> {
    await ex.updateTable('training_courses').set(patch).where('id', '=', id).execute();
  }

  async insertSession(row: TrainingSessionsTable, ex: Executor): Promise<void> {
    await ex.insertInto('training_sessions').values(row).execute();
  }

  findSession(
    courseId: string,
    heldOn: string,
    instructor: string,
    place: string,
    ex: Executor,
  ): Promise<TrainingSessionsTable | undefined> {
    return ex
      .selectFrom('training_sessions')
      .selectAll()
      .where('course_id', '=', courseId)
      .where('held_on', '=', heldOn)
      .where('instructor', '=', instructor)
      .where('place', '=', place)
      .executeTakeFirst();
  }

  session(id: string, ex: Executor = this.db): Promise<TrainingSessionsTable | undefined> {
    return ex.selectFrom('training_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  sessions(courseId: string | null, limit: number): Promise<TrainingSessionsTable[]> {
    let q = this.db.selectFrom('training_sessions').selectAll();
    if (courseId) q = q.where('course_id', '=', courseId);
    return q.orderBy('held_on', 'desc').orderBy('created_at', 'desc').limit(limit).execute();
  }

  attendanceOfSessions(ids: string[]): Promise<TrainingAttendanceTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('training_attendance')
      .selectAll()
      .where('session_id', 'in', ids)
      .execute();
  }

  /** Inserts an attendance unless already recorded; true when inserted. */
  async addAttendance(row: TrainingAttendanceTable, ex: Executor): Promise<boolean> {
    const r = await ex
      .insertInto('training_attendance')
      .values(row)
      .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  attendanceOf(userIds: string[] | null, ex: Executor = this.db): Promise<AttendanceRow[]> {
    let q = ex
      .selectFrom('training_attendance as a')
      .innerJoin('training_sessions as s', 's.id', 'a.session_id')
      .selectAll('a')
      .select(['s.course_id', 's.held_on']);
    if (userIds) {
      if (userIds.length === 0) return Promise.resolve([]);
      q = q.where('a.user_id', 'in', userIds);
    }
    return q.execute();
  }
}
