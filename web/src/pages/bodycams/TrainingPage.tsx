import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { useT } from '../../i18n';
import {
  createSession,
  importTraining,
  loadCourses,
  loadOfficers,
  loadSessions,
} from './bodycamsApi';

const STATE_BADGE = {
  valida: 'bg-success',
  scaduta: 'bg-danger',
  mancante: 'bg-warning text-dark',
};

/** Today in Rome as YYYY-MM-DD. */
function today(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
}

function dayIt(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Registro della formazione: courses, officers' state, sessions with attendance, CSV import. */
export function TrainingPage() {
  const t = useT();
  const courses = useApi((s) => loadCourses(s), []);
  const officers = useApi((s) => loadOfficers(s), []);
  const sessions = useApi((s) => loadSessions(s), []);
  const reload = () => {
    officers.reload();
    sessions.reload();
  };

  const [courseId, setCourseId] = useState('');
  const [heldOn, setHeldOn] = useState(today());
  const [instructor, setInstructor] = useState('');
  const [place, setPlace] = useState('');
  const [attendees, setAttendees] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [noAttendees, setNoAttendees] = useState(false);
  const save = useAction();
  const fields = useFieldErrors(save.error, save.clearError);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setNoAttendees(attendees.length === 0);
    const ok = fields.check({
      courseId: !courseId && fields.required,
      heldOn: !heldOn && fields.required,
    });
    if (!ok || attendees.length === 0) return;
    const s = await save.run(() =>
      createSession({
        courseId,
        heldOn,
        instructor: instructor.trim(),
        place: place.trim(),
        attendees,
      }),
    );
    if (s) {
      setSaved(t('bodycams.training.sessionSaved', { count: s.attendees.length }));
      setAttendees([]);
      reload();
    }
  };

  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [importDone, setImportDone] = useState<string | null>(null);
  const imp = useAction();
  const runImport = async (event: FormEvent) => {
    event.preventDefault();
    setImportDone(null);
    const r = await imp.run(() => importTraining(csv));
    if (r) {
      setImportDone(t('bodycams.training.imported', r));
      setCsv('');
      setFileName('');
      reload();
    }
  };
  const importErrors =
    (imp.error?.details as { errors?: Array<{ line: number; message: string }> } | undefined)
      ?.errors ?? [];

  const courseList = courses.data ?? [];
  return (
    <>
      <PageHeader title={t('bodycams.training.title')} intro={t('bodycams.training.intro')} />
      <ErrorAlert error={courses.error ?? officers.error ?? sessions.error} />

      <Panel as="section" aria-labelledby="bc-officers-title" className="mb-4">
        <h2 className="h4" id="bc-officers-title">
          {t('bodycams.training.officers')}
        </h2>
        {officers.loading && !officers.data ? <Loading /> : null}
        {officers.data && officers.data.length === 0 ? (
          <p>{t('bodycams.training.officersEmpty')}</p>
        ) : null}
        {officers.data && officers.data.length > 0 ? (
          <div className="table-responsive">
            <table className="table table-sm align-middle" data-testid="training-officers">
              <thead>
                <tr>
                  <th scope="col">{t('bodycams.training.cols.officer')}</th>
                  {courseList.map((c) => (
                    <th scope="col" key={c.id}>
                      {c.name}
                    </th>
                  ))}
                  <th scope="col">{t('bodycams.training.cols.status')}</th>
                </tr>
              </thead>
              <tbody>
                {officers.data.map((o) => (
                  <tr key={o.userId}>
                    <th scope="row">
                      {o.displayName} <small className="text-secondary">({o.username})</small>
                    </th>
                    {courseList.map((c) => {
                      const st = o.courses.find((x) => x.courseId === c.id);
                      if (!st) return <td key={c.id}>—</td>;
                      return (
                        <td key={c.id}>
                          <span className={`badge ${STATE_BADGE[st.state]}`}>
                            {t(`bodycams.training.state.${st.state}`)}
                          </span>
                          {st.validUntil ? (
                            <small className="d-block text-secondary">
                              {t('bodycams.training.until', { date: dayIt(st.validUntil) })}
                            </small>
                          ) : null}
                        </td>
                      );
                    })}
                    <td>
                      {o.eligible ? (
                        <span className="text-success fw-semibold">
                          {t('bodycams.training.eligible')}
                        </span>
                      ) : (
                        <span className="text-danger" title={o.refusal ?? undefined}>
                          {t('bodycams.training.notEligible')}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <h3 className="h6 mt-3">{t('bodycams.training.courses')}</h3>
        <ul className="mb-0">
          {courseList.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong>
              {' — '}
              {c.validityMonths
                ? t('bodycams.training.validity', { months: c.validityMonths })
                : t('bodycams.training.noExpiry')}
              {c.requiredForBodycam ? `, ${t('bodycams.training.required')}` : ''}
            </li>
          ))}
        </ul>
      </Panel>

      <div className="row g-4 mb-4">
        <div className="col-lg-7">
          <Panel as="section" aria-labelledby="bc-session-title">
            <h2 className="h4" id="bc-session-title">
              {t('bodycams.training.newSession')}
            </h2>
            <form ref={fields.formRef} onSubmit={(e) => void submit(e)} className="mt-4" noValidate>
              <SelectField
                label={t('bodycams.training.course')}
                value={courseId}
                onChange={setCourseId}
                invalid={fields.of('courseId')}
                placeholder={t('bodycams.clips.choose')}
                options={courseList.map((c) => ({ value: c.id, label: c.name }))}
                required
              />
              <TextField
                type="date"
                label={t('bodycams.training.heldOn')}
                value={heldOn}
                onChange={setHeldOn}
                invalid={fields.of('heldOn')}
                required
              />
              <div className="row">
                <div className="col-md-6">
                  <TextField
                    label={t('bodycams.training.instructor')}
                    value={instructor}
                    onChange={setInstructor}
                    invalid={fields.of('instructor')}
                  />
                </div>
                <div className="col-md-6">
                  <TextField
                    label={t('bodycams.training.place')}
                    value={place}
                    onChange={setPlace}
                    invalid={fields.of('place')}
                  />
                </div>
              </div>
              <fieldset className="mb-3">
                <legend className="h6">{t('bodycams.training.attendees')}</legend>
                <p className="small text-secondary">{t('bodycams.training.attendeesHint')}</p>
                {(officers.data ?? []).map((o) => {
                  const id = `att-${o.userId}`;
                  return (
                    <div className="form-check" key={o.userId}>
                      <input
                        id={id}
                        type="checkbox"
                        checked={attendees.includes(o.userId)}
                        onChange={(e) =>
                          setAttendees((cur) =>
                            e.target.checked
                              ? [...cur, o.userId]
                              : cur.filter((x) => x !== o.userId),
                          )
                        }
                      />
                      <label htmlFor={id}>
                        {o.displayName} ({o.username})
                      </label>
                    </div>
                  );
                })}
              </fieldset>
              {noAttendees ? (
                <Notice kind="warning">
                  <p className="mb-0">{t('bodycams.training.noAttendees')}</p>
                </Notice>
              ) : null}
              <ErrorAlert error={save.error} onClose={save.clearError} />
              {saved ? (
                <Notice kind="success">
                  <p className="mb-0">{saved}</p>
                </Notice>
              ) : null}
              <button type="submit" className="btn btn-primary" disabled={save.pending}>
                {t('bodycams.training.saveSession')}
              </button>
            </form>
          </Panel>
        </div>
        <div className="col-lg-5">
          <Panel as="section" aria-labelledby="bc-import-title">
            <h2 className="h4" id="bc-import-title">
              {t('bodycams.training.import')}
            </h2>
            <p className="small">{t('bodycams.training.importHint')}</p>
            <form onSubmit={(e) => void runImport(e)} noValidate>
              <div className="mb-3">
                <label htmlFor="bc-import-file" className="form-label">
                  {t('bodycams.training.importFile')}
                </label>
                <input
                  id="bc-import-file"
                  type="file"
                  className="form-control"
                  accept=".csv,text/csv,text/plain"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    imp.clearError();
                    setImportDone(null);
                    if (!file) return;
                    setFileName(file.name);
                    void file.text().then(setCsv);
                  }}
                />
                {fileName ? <small className="form-text">{fileName}</small> : null}
              </div>
              <button
                type="submit"
                className="btn btn-outline-primary"
                disabled={!csv || imp.pending}
              >
                {t('bodycams.training.importRun')}
              </button>
            </form>
            {imp.error && importErrors.length > 0 ? (
              <Notice kind="danger" className="mt-3">
                <p>{t('bodycams.training.importErrors')}</p>
                <ul className="mb-0" data-testid="training-import-errors">
                  {importErrors.map((e) => (
                    <li key={`${e.line}-${e.message}`}>
                      <strong>{t('bodycams.training.line', { line: e.line })}</strong>: {e.message}
                    </li>
                  ))}
                </ul>
              </Notice>
            ) : (
              <ErrorAlert error={imp.error} className="mt-3" />
            )}
            {importDone ? (
              <Notice kind="success" className="mt-3">
                <p className="mb-0">{importDone}</p>
              </Notice>
            ) : null}
          </Panel>
        </div>
      </div>

      <Panel as="section" aria-labelledby="bc-sessions-title">
        <h2 className="h4" id="bc-sessions-title">
          {t('bodycams.training.sessions')}
        </h2>
        {sessions.data && sessions.data.length === 0 ? (
          <p>{t('bodycams.training.sessionsEmpty')}</p>
        ) : null}
        {sessions.data && sessions.data.length > 0 ? (
          <div className="table-responsive">
            <table className="table table-sm align-middle">
              <thead>
                <tr>
                  <th scope="col">{t('bodycams.training.cols.date')}</th>
                  <th scope="col">{t('bodycams.training.cols.course')}</th>
                  <th scope="col">{t('bodycams.training.cols.instructor')}</th>
                  <th scope="col">{t('bodycams.training.cols.place')}</th>
                  <th scope="col">{t('bodycams.training.cols.attendees')}</th>
                </tr>
              </thead>
              <tbody>
                {sessions.data.map((s) => (
                  <tr key={s.id}>
                    <td>{dayIt(s.heldOn)}</td>
                    <td>{s.courseName}</td>
                    <td>{s.instructor}</td>
                    <td>{s.place}</td>
                    <td>{s.attendees.map((a) => a.displayName).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Panel>
    </>
  );
}
