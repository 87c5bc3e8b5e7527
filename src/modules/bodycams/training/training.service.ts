import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/database.js';
import { isoOrNull } from '../../../platform/db/database.js';
import { NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { AuditService } from '../../audit/audit.service.js';
import { SYSTEM_ACTOR, type AuditActor } from '../../audit/audit.types.js';
import type { User } from '../../auth/auth.schemas.js';
import type { TrainingCoursesTable } from '../bodycams.tables.js';
import { trainingFromCsv, type CsvLineError } from './training-csv.js';
import { romeDate, trainingGaps, trainingRefusal, validUntil } from './training-rules.js';
import type { TrainingRepository } from './training.repository.js';
import type {
  Course,
  CourseInput,
  NewSession,
  OfficerTraining,
  Session,
} from './training.schemas.js';

/** What the training register needs to know about users. */
export interface UserDirectory {
  list(): Promise<User[]>;
  get(id: string): Promise<User>;
  getByUsername(username: string): Promise<User>;
}

/** The three courses of the corps' bodycam project, written on first start (editable). */
const DEFAULT_COURSES: CourseInput[] = [
  {
    code: 'privacy',
    name: 'Privacy e protezione dei dati',
    validityMonths: 36,
    requiredForBodycam: true,
  },
  { code: 'uso_bodycam', name: 'Uso della bodycam', validityMonths: 24, requiredForBodycam: true },
  {
    code: 'gestione_conflitti',
    name: 'Gestione dei conflitti',
    validityMonths: 36,
    requiredForBodycam: true,
  },
];

const toCourse = (r: TrainingCoursesTable): Course => ({
  id: r.id,
  code: r.code,
  name: r.name,
  validityMonths: r.validity_months,
  requiredForBodycam: r.required_for_bodycam === 1,
});

/** The training register: courses, sessions and attendance; who may be issued a bodycam. */
export class TrainingService {
  constructor(
    private readonly d: {
      db: Db;
      repo: TrainingRepository;
      audit: AuditService;
      clock: Clock;
      users: UserDirectory;
    },
  ) {}

  async ensureSeeded(): Promise<void> {
    await this.d.db.transaction().execute(async (tx) => {
      if ((await this.d.repo.courses(tx)).length > 0) return;
      const now = this.d.clock.now();
      for (const c of DEFAULT_COURSES) {
        await this.d.repo.insertCourse(
          {
            id: randomUUID(),
            code: c.code,
            name: c.name,
            validity_months: c.validityMonths,
            required_for_bodycam: c.requiredForBodycam ? 1 : 0,
            created_at: now,
            updated_at: now,
          },
          tx,
        );
      }
      await this.d.audit.record(tx, SYSTEM_ACTOR, {
        action: 'bodycam.training.seed',
        details: { courses: DEFAULT_COURSES.map((c) => c.code) },
      });
    });
  }

  async courses(): Promise<Course[]> {
    await this.ensureSeeded();
    return (await this.d.repo.courses()).map(toCourse);
  }

  async createCourse(actor: AuditActor, input: CourseInput): Promise<Course> {
    const now = this.d.clock.now();
    const row = {
      id: randomUUID(),
      code: input.code,
      name: input.name,
      validity_months: input.validityMonths,
      required_for_bodycam: input.requiredForBodycam ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    await this.d.db.transaction().execute(async (tx) => {
      if (await this.d.repo.course(input.code, tx)) {
        throw new ValidationFailed(`Esiste già un corso con codice ${input.code}`);
      }
      await this.d.repo.insertCourse(row, tx);
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.training.course_create',
        objectType: 'training_course',
        objectId: row.id,
        details: input,
      });
    });
    return toCourse(row);
  }

  async updateCourse(actor: AuditActor, id: string, input: CourseInput): Promise<Course> {
    return this.d.db.transaction().execute(async (tx) => {
      const row = await this.d.repo.course(id, tx);
      if (!row) throw new NotFound('corso', id);
      const patch = {
        code: input.code,
        name: input.name,
        validity_months: input.validityMonths,
        required_for_bodycam: input.requiredForBodycam ? 1 : 0,
        updated_at: this.d.clock.now(),
      };
      await this.d.repo.updateCourse(row.id, patch, tx);
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.training.course_update',
        objectType: 'training_course',
        objectId: row.id,
        details: { before: toCourse(row), after: input },
      });
      return toCourse({ ...row, ...patch });
    });
  }

  private async resolveUser(idOrUsername: string): Promise<User> {
    try {
      return await this.d.users.get(idOrUsername);
    } catch (err: unknown) {
      if (!(err instanceof NotFound)) throw err;
      return this.d.users.getByUsername(idOrUsername);
    }
  }

  /** Records a session and its attendance. A later session of a course renews its validity. */
  async createSession(actor: AuditActor, input: NewSession): Promise<Session> {
    const course = await this.d.repo.course(input.courseId);
    if (!course) throw new NotFound('corso', input.courseId);
    const attendees: User[] = [];
    for (const a of input.attendees) {
      try {
        attendees.push(await this.resolveUser(a));
      } catch (err: unknown) {
        if (err instanceof NotFound) throw new ValidationFailed(`Utente ${a} inesistente`);
        throw err;
      }
    }
    const id = await this.d.db.transaction().execute(async (tx) => {
      const id = await this.sessionFor(
        actor,
        course,
        input.heldOn,
        input.instructor,
        input.place,
        tx,
      );
      for (const u of attendees) await this.attend(actor, course, id, input.heldOn, u, tx);
      return id;
    });
    return this.session(id);
  }

  private async sessionFor(
    actor: AuditActor,
    course: TrainingCoursesTable,
    heldOn: string,
    instructor: string,
    place: string,
    tx: Tx,
  ): Promise<string> {
    const existing = await this.d.repo.findSession(course.id, heldOn, instructor, place, tx);
    if (existing) return existing.id;
    const id = randomUUID();
    await this.d.repo.insertSession(
      {
        id,
        course_id: course.id,
        held_on: heldOn,
        instructor,
        place,
        created_by: actor.username ?? 'system',
        created_at: this.d.clock.now(),
      },
      tx,
    );
    return id;
  }

  private async attend(
    actor: AuditActor,
    course: TrainingCoursesTable,
    sessionId: string,
    heldOn: string,
    user: User,
    tx: Tx,
  ): Promise<boolean> {
    const until = validUntil(heldOn, course.validity_months);
    const added = await this.d.repo.addAttendance(
      {
        session_id: sessionId,
        user_id: user.id,
        valid_until: until,
        recorded_by: actor.username ?? 'system',
        recorded_at: this.d.clock.now(),
      },
      tx,
    );
    if (added) {
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.training.attendance',
        objectType: 'user',
        objectId: user.id,
        details: { course: course.code, heldOn, validUntil: until, sessionId },
      });
    }
    return added;
  }

  async session(id: string): Promise<Session> {
    const row = await this.d.repo.session(id);
    if (!row) throw new NotFound('sessione di formazione', id);
    return (await this.toSessions([row]))[0] as Session;
  }

  async sessions(courseId: string | null): Promise<Session[]> {
    const course = courseId ? await this.d.repo.course(courseId) : null;
    if (courseId && !course) throw new NotFound('corso', courseId);
    return this.toSessions(await this.d.repo.sessions(course?.id ?? null, 200));
  }

  private async toSessions(
    rows: Awaited<ReturnType<TrainingRepository['sessions']>>,
  ): Promise<Session[]> {
    const courses = new Map((await this.d.repo.courses()).map((c) => [c.id, c]));
    const users = new Map((await this.d.users.list()).map((u) => [u.id, u]));
    const att = await this.d.repo.attendanceOfSessions(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      courseId: r.course_id,
      courseName: courses.get(r.course_id)?.name ?? r.course_id,
      heldOn: r.held_on,
      instructor: r.instructor,
      place: r.place,
      attendees: att
        .filter((a) => a.session_id === r.id)
        .map((a) => ({
          userId: a.user_id,
          username: users.get(a.user_id)?.username ?? a.user_id,
          displayName: users.get(a.user_id)?.displayName ?? a.user_id,
          validUntil: a.valid_until,
        })),
      createdBy: r.created_by,
      createdAt: isoOrNull(r.created_at) ?? '',
    }));
  }

  /**
   * Imports attendance from CSV, all or nothing: every line is checked (dates, known course,
   * known user) and every problem is reported with its line before anything is written.
   */
  async importCsv(
    actor: AuditActor,
    text: string,
  ): Promise<{ sessions: number; attendances: number }> {
    const { rows, errors } = trainingFromCsv(text);
    const courses = await this.courses();
    const byCode = new Map(courses.flatMap((c) => [[c.code, c] as const, [c.id, c] as const]));
    const users = await this.d.users.list();
    const byName = new Map(
      users.flatMap((u) => [[u.username.toLowerCase(), u] as const, [u.id, u] as const]),
    );
    const resolved: Array<{ course: Course; user: User; row: (typeof rows)[number] }> = [];
    const problems: CsvLineError[] = [...errors];
    const seen = new Set<string>();
    for (const row of rows) {
      const course = byCode.get(row.course);
      const user = byName.get(row.user.toLowerCase());
      const p: string[] = [];
      if (!course) p.push(`corso "${row.course}" inesistente`);
      if (!user) p.push(`utente "${row.user}" inesistente`);
      const key = `${row.course}|${row.heldOn}|${row.user.toLowerCase()}`;
      if (seen.has(key)) p.push('presenza ripetuta nel file');
      seen.add(key);
      if (p.length > 0 || !course || !user) {
        problems.push({ line: row.line, message: p.join('; ') });
        continue;
      }
      resolved.push({ course, user, row });
    }
    if (problems.length > 0) {
      problems.sort((a, b) => a.line - b.line);
      throw new ValidationFailed(
        `Importazione annullata: ${problems.length} righe con errori (${problems
          .slice(0, 3)
          .map((e) => `riga ${e.line}: ${e.message}`)
          .join('; ')}${problems.length > 3 ? '; …' : ''})`,
        { errors: problems },
      );
    }
    return this.d.db.transaction().execute(async (tx) => {
      const sessionIds = new Set<string>();
      let attendances = 0;
      for (const { course, user, row } of resolved) {
        const courseRow = await this.d.repo.course(course.id, tx);
        if (!courseRow) throw new NotFound('corso', course.id);
        const sid = await this.sessionFor(
          actor,
          courseRow,
          row.heldOn,
          row.instructor,
          row.place,
          tx,
        );
        sessionIds.add(sid);
        if (await this.attend(actor, courseRow, sid, row.heldOn, user, tx)) attendances++;
      }
      await this.d.audit.record(tx, actor, {
        action: 'bodycam.training.import',
        details: { lines: rows.length, sessions: sessionIds.size, attendances },
      });
      return { sessions: sessionIds.size, attendances };
    });
  }

  /** The training state of users (officers by default) on `at`. */
  async officers(
    userIds: string[] | null = null,
    at = this.d.clock.now(),
  ): Promise<OfficerTraining[]> {
    const courses = await this.courses();
    const users = (await this.d.users.list()).filter((u) =>
      userIds ? userIds.includes(u.id) : u.role === 'officer' && u.status === 'active',
    );
    const att = await this.d.repo.attendanceOf(users.map((u) => u.id));
    const today = romeDate(at);
    const required = courses.filter((c) => c.requiredForBodycam);
    return users.map((u) => {
      const mine = att
        .filter((a) => a.user_id === u.id)
        .map((a) => ({ courseId: a.course_id, heldOn: a.held_on, validUntil: a.valid_until }));
      const gaps = trainingGaps(required, mine, today);
      return {
        userId: u.id,
        username: u.username,
        displayName: u.displayName,
        eligible: gaps.length === 0,
        refusal: gaps.length ? trainingRefusal(u.displayName, gaps) : null,
        courses: courses.map((c) => {
          const taken = mine.filter((a) => a.courseId === c.id && a.heldOn <= today);
          const last =
            taken
              .map((a) => a.heldOn)
              .sort()
              .at(-1) ?? null;
          const valid = taken.some((a) => a.validUntil === null || a.validUntil >= today);
          const until = taken.some((a) => a.validUntil === null)
            ? null
            : (taken
                .map((a) => a.validUntil ?? '')
                .sort()
                .at(-1) ?? null);
          return {
            courseId: c.id,
            course: c.name,
            required: c.requiredForBodycam,
            lastHeldOn: last,
            validUntil: until,
            state: taken.length === 0 ? 'mancante' : valid ? 'valida' : 'scaduta',
          } as const;
        }),
      };
    });
  }

  /** The refusal message when the user may not be issued a bodycam at `at`; null when they may. */
  async issuingRefusal(userId: string, at: number): Promise<string | null> {
    const [state] = await this.officers([userId], at);
    if (!state) throw new NotFound('utente', userId);
    return state.refusal;
  }
}
