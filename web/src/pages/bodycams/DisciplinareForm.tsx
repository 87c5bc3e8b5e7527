import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Panel } from '../../components/Panel';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useT } from '../../i18n';
import { pathErrorsOf } from '../../lib/pathErrors';
import { createDisciplinare, type DisciplinareVersion } from './disciplinareApi';
import {
  bodyOf,
  draftFrom,
  errorAt,
  ROLES,
  type CategoryDraft,
  type DisciplinareDraft,
} from './disciplinareDraft';

/** Drafts a new version from the one in force; the server's errors are shown per field. */
export function DisciplinareForm({
  from,
  onSaved,
  onCancel,
}: {
  from: DisciplinareVersion;
  onSaved: (v: DisciplinareVersion) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [d, setD] = useState<DisciplinareDraft>(() =>
    draftFrom(from, t('compliance.disciplinare.approve.kindDefault')),
  );
  const save = useAction();
  const errors = pathErrorsOf(save.error);
  const err = (path: string) => errorAt(errors, path);
  const set =
    <K extends keyof DisciplinareDraft>(k: K) =>
    (v: DisciplinareDraft[K]) =>
      setD((x) => ({ ...x, [k]: v }));
  const setCat = (i: number, patch: Partial<CategoryDraft>) =>
    setD((x) => ({
      ...x,
      categories: x.categories.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const v = await save.run(() => createDisciplinare(bodyOf(d)));
    if (v) onSaved(v);
  };
  const f = 'compliance.disciplinare.form';
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <Panel as="section" aria-labelledby="disc-form-title" className="mb-4">
      <h2 className="h4" id="disc-form-title">
        {t(`${f}.title`)}
      </h2>
      <p className="text-secondary">{t(`${f}.intro`)}</p>
      {hasErrors ? (
        <div className="alert alert-danger" role="alert">
          {t(`${f}.errors`)}
        </div>
      ) : (
        <ErrorAlert error={save.error} />
      )}
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="disciplinare-form">
        <div className="row">
          <TextField
            className="col-md-8"
            id="disc-title"
            label={t(`${f}.docTitle`)}
            value={d.title}
            onChange={set('title')}
            invalid={err('title')}
          />
          <TextField
            className="col-md-4"
            id="disc-effective"
            type="datetime-local"
            label={t(`${f}.effectiveFrom`)}
            hint={t(`${f}.effectiveHint`)}
            value={d.effectiveFrom}
            onChange={set('effectiveFrom')}
            invalid={err('effectiveFrom')}
          />
          <TextAreaField
            className="col-12"
            id="disc-reasons"
            rows={6}
            label={t(`${f}.reasons`)}
            value={d.reasons}
            onChange={set('reasons')}
            invalid={err('rules.activationReasons')}
          />
        </div>

        <fieldset className="mb-4">
          <legend className="h5">{t(`${f}.categories`)}</legend>
          {errors['rules.categories'] ? (
            <div className="invalid-feedback d-block mb-2" role="alert">
              {errors['rules.categories']}
            </div>
          ) : null}
          {d.categories.map((c, i) => (
            <div className="border rounded p-3 mb-3" key={i} data-testid={`disc-category-${i}`}>
              <div className="row">
                <TextField
                  className="col-md-4"
                  id={`disc-cat-${i}-label`}
                  label={t('compliance.disciplinare.catLabel')}
                  value={c.label}
                  onChange={(v) => setCat(i, { label: v })}
                  invalid={err(`rules.categories.${i}.label`)}
                />
                <TextField
                  className="col-md-4"
                  id={`disc-cat-${i}-code`}
                  label={t('compliance.disciplinare.catCode')}
                  value={c.code}
                  onChange={(v) => setCat(i, { code: v })}
                  invalid={err(`rules.categories.${i}.code`)}
                />
                <TextField
                  className="col-md-4"
                  id={`disc-cat-${i}-retention`}
                  type="number"
                  label={t(`${f}.retentionHours`)}
                  value={c.legalHold ? '' : c.retentionHours}
                  disabled={c.legalHold}
                  onChange={(v) => setCat(i, { retentionHours: v })}
                  invalid={err(`rules.categories.${i}.retentionHours`)}
                />
              </div>
              <div className="form-check mb-2">
                <input
                  id={`disc-cat-${i}-hold`}
                  type="checkbox"
                  checked={c.legalHold}
                  onChange={(e) => setCat(i, { legalHold: e.target.checked })}
                />
                <label htmlFor={`disc-cat-${i}-hold`}>
                  {t('compliance.disciplinare.legalHold')}
                </label>
              </div>
              <fieldset>
                <legend className="h6 mb-1">{t('compliance.disciplinare.viewRoles')}</legend>
                <div className="d-flex flex-wrap gap-3">
                  {ROLES.map((r) => (
                    <div className="form-check" key={r}>
                      <input
                        id={`disc-cat-${i}-role-${r}`}
                        type="checkbox"
                        checked={c.viewRoles.includes(r)}
                        onChange={(e) =>
                          setCat(i, {
                            viewRoles: e.target.checked
                              ? [...c.viewRoles, r]
                              : c.viewRoles.filter((x) => x !== r),
                          })
                        }
                      />
                      <label htmlFor={`disc-cat-${i}-role-${r}`}>{t(`roles.${r}`)}</label>
                    </div>
                  ))}
                </div>
                {err(`rules.categories.${i}.viewRoles`) ? (
                  <div className="invalid-feedback d-block" role="alert">
                    {err(`rules.categories.${i}.viewRoles`)}
                  </div>
                ) : null}
              </fieldset>
              {d.categories.length > 1 ? (
                <button
                  type="button"
                  className="btn btn-sm btn-outline-danger mt-2"
                  onClick={() =>
                    setD((x) => ({ ...x, categories: x.categories.filter((_, j) => j !== i) }))
                  }
                >
                  {t(`${f}.removeCategory`)}
                </button>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            className="btn btn-sm btn-outline-primary"
            onClick={() =>
              setD((x) => ({
                ...x,
                categories: [
                  ...x.categories,
                  {
                    code: '',
                    label: '',
                    retentionHours: '168',
                    legalHold: false,
                    viewRoles: ['commander'],
                  },
                ],
              }))
            }
          >
            {t(`${f}.addCategory`)}
          </button>
        </fieldset>

        <div className="row">
          <TextField
            className="col-md-4"
            id="disc-within"
            type="number"
            label={t(`${f}.categorizeWithin`)}
            value={d.categorizeWithinHours}
            onChange={set('categorizeWithinHours')}
            invalid={err('rules.categorizeWithinHours')}
          />
          <TextField
            className="col-md-8"
            id="disc-reminders"
            label={t(`${f}.reminders`)}
            value={d.reminders}
            onChange={set('reminders')}
            invalid={err('rules.reminderHoursBefore')}
          />
          <TextField
            className="col-md-4"
            id="disc-maxclip"
            type="number"
            label={t(`${f}.maxClip`)}
            value={d.maxClipMinutes}
            onChange={set('maxClipMinutes')}
            invalid={err('rules.maxClipMinutes')}
          />
          <div className="col-md-4 mt-2">
            <div className="form-check">
              <input
                id="disc-prerecord"
                type="checkbox"
                checked={d.preRecordAllowed}
                onChange={(e) => set('preRecordAllowed')(e.target.checked)}
              />
              <label htmlFor="disc-prerecord">{t(`${f}.preRecordAllowed`)}</label>
            </div>
          </div>
          <TextField
            className="col-md-4"
            id="disc-preseconds"
            type="number"
            label={t(`${f}.preRecordSeconds`)}
            value={d.preRecordAllowed ? d.preRecordSeconds : '0'}
            disabled={!d.preRecordAllowed}
            onChange={set('preRecordSeconds')}
            invalid={err('rules.preRecordSeconds')}
          />
          <div className="col-12 mb-3">
            <div className="form-check">
              <input
                id="disc-notusable"
                type="checkbox"
                checked={d.notUsable}
                onChange={(e) => set('notUsable')(e.target.checked)}
              />
              <label htmlFor="disc-notusable">{t(`${f}.notUsable`)}</label>
            </div>
          </div>
          <TextAreaField
            className="col-12"
            id="disc-notes"
            label={t(`${f}.notes`)}
            value={d.notes}
            onChange={set('notes')}
            invalid={err('notes')}
          />
          <div className="col-12 mb-3">
            <div className="form-check">
              <input
                id="disc-with-approval"
                type="checkbox"
                checked={d.withApproval}
                onChange={(e) => set('withApproval')(e.target.checked)}
              />
              <label htmlFor="disc-with-approval">{t(`${f}.approval`)}</label>
            </div>
          </div>
          {d.withApproval ? (
            <>
              <TextField
                className="col-md-6"
                id="disc-act-kind"
                label={t('compliance.disciplinare.approve.kind')}
                value={d.actKind}
                onChange={set('actKind')}
                invalid={err('approval.actKind')}
              />
              <TextField
                className="col-md-3"
                id="disc-act-number"
                label={t('compliance.disciplinare.approve.number')}
                value={d.actNumber}
                onChange={set('actNumber')}
                invalid={err('approval.actNumber')}
              />
              <TextField
                className="col-md-3"
                id="disc-act-date"
                type="date"
                label={t('compliance.disciplinare.approve.date')}
                value={d.actDate}
                onChange={set('actDate')}
                invalid={err('approval.actDate')}
              />
            </>
          ) : null}
        </div>
        <div className="d-flex gap-2">
          <button type="submit" className="btn btn-primary" disabled={save.pending}>
            {t(`${f}.submit`)}
          </button>
          <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>
            {t(`${f}.cancel`)}
          </button>
        </div>
      </form>
    </Panel>
  );
}
