import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';
import { ClipTable } from './ClipTable';
import {
  categorize,
  loadDisciplinare,
  loadMyClips,
  type Clip,
  type Disciplinare,
} from './bodycamsApi';

/** Le mie riprese: the officer's own clips and their categorization (B2). */
export function MyClipsPage() {
  const t = useT();
  const clips = useApi((s) => loadMyClips(s), []);
  const disciplinare = useApi((s) => loadDisciplinare(s), []);
  const [editing, setEditing] = useState<Clip | null>(null);
  const [saved, setSaved] = useState(false);
  return (
    <>
      <PageHeader title={t('bodycams.clips.mineTitle')} intro={t('bodycams.clips.mineIntro')} />
      <ErrorAlert error={clips.error ?? disciplinare.error} />
      {saved ? (
        <Notice kind="success" onClose={() => setSaved(false)} closeLabel={t('common.close')}>
          <p className="mb-0">{t('bodycams.clips.saved')}</p>
        </Notice>
      ) : null}
      {clips.data && disciplinare.data ? (
        <DueSoonNotice clips={clips.data} disciplinare={disciplinare.data} />
      ) : null}
      {clips.loading && !clips.data ? <Loading /> : null}
      {clips.data && clips.data.length === 0 ? <p>{t('bodycams.clips.empty')}</p> : null}
      {clips.data && clips.data.length > 0 ? (
        <ClipTable
          clips={clips.data}
          showOfficer={false}
          action={(c) =>
            c.deletedAt ? null : (
              <button
                type="button"
                className={`btn btn-sm ${c.category ? 'btn-outline-primary' : 'btn-primary'}`}
                onClick={() => {
                  setSaved(false);
                  setEditing(c);
                }}
              >
                {c.category ? t('bodycams.clips.recategorize') : t('bodycams.clips.categorize')}
              </button>
            )
          }
        />
      ) : null}
      {editing && disciplinare.data ? (
        <CategorizeDialog
          clip={editing}
          disciplinare={disciplinare.data}
          onClose={() => setEditing(null)}
          onSaved={(updated) => {
            clips.setData((cur) => cur?.map((c) => (c.id === updated.id ? updated : c)));
            setEditing(null);
            setSaved(true);
          }}
        />
      ) : null}
    </>
  );
}

/**
 * The in-app reminder: clips still to categorize whose deadline falls within the disciplinare's
 * first reminder (the same moment the reminder mail goes out).
 */
function DueSoonNotice({ clips, disciplinare }: { clips: Clip[]; disciplinare: Disciplinare }) {
  const t = useT();
  const fmt = useFormat();
  const windowHours = Math.max(0, ...(disciplinare.rules.reminderHoursBefore ?? []));
  const now = Date.now();
  const soon = clips
    .filter((c) => !c.category && !c.deletedAt && !c.overdue)
    .filter((c) => Date.parse(c.categorizeDueAt) - now <= windowHours * 3_600_000)
    .sort((a, b) => a.categorizeDueAt.localeCompare(b.categorizeDueAt));
  const first = soon[0];
  if (!first) return null;
  return (
    <Notice kind="warning">
      <p className="mb-0" data-testid="due-soon">
        {t('compliance.reminder.dueSoon', {
          count: soon.length,
          due: fmt.dateTime(first.categorizeDueAt),
        })}
      </p>
    </Notice>
  );
}

function CategorizeDialog({
  clip,
  disciplinare,
  onClose,
  onSaved,
}: {
  clip: Clip;
  disciplinare: Disciplinare;
  onClose: () => void;
  onSaved: (clip: Clip) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const rules = disciplinare.rules;
  const [reason, setReason] = useState(clip.activationReason ?? '');
  const [category, setCategory] = useState(clip.category ?? '');
  const [note, setNote] = useState(clip.note ?? '');
  const [warned, setWarned] = useState<'' | 'yes' | 'no'>(
    clip.subjectsWarned === null ? '' : clip.subjectsWarned ? 'yes' : 'no',
  );
  const [linkedRef, setLinkedRef] = useState(clip.linkedRef ?? '');
  const act = useAction();
  const fields = useFieldErrors(act.error, act.clearError);
  const reasons =
    rules.activationReasons.includes(reason) || !reason
      ? rules.activationReasons
      : [reason, ...rules.activationReasons];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = fields.check({
      activationReason: !reason && fields.required,
      category: !category && fields.required,
      subjectsWarned: !warned && fields.required,
    });
    if (!ok) return;
    const updated = await act.run(() =>
      categorize(clip.id, {
        activationReason: reason,
        category,
        note: note.trim(),
        subjectsWarned: warned === 'yes',
        ...(linkedRef.trim() ? { linkedRef: linkedRef.trim() } : {}),
      }),
    );
    if (updated) onSaved(updated);
  };

  return (
    <Dialog
      open
      title={t('bodycams.clips.categorizeTitle', { date: fmt.dateTime(clip.recordedStart) })}
      onClose={onClose}
    >
      <p className="small text-secondary">
        {t('bodycams.clips.disciplinare', { n: disciplinare.number })} · {disciplinare.title}
      </p>
      <form ref={fields.formRef} onSubmit={(e) => void submit(e)} noValidate>
        <SelectField
          label={t('bodycams.clips.reason')}
          value={reason}
          onChange={setReason}
          invalid={fields.of('activationReason')}
          placeholder={t('bodycams.clips.choose')}
          options={reasons.map((r) => ({ value: r, label: r }))}
          required
        />
        <SelectField
          label={t('bodycams.clips.category')}
          value={category}
          onChange={setCategory}
          invalid={fields.of('category')}
          placeholder={t('bodycams.clips.choose')}
          options={rules.categories.map((c) => ({
            value: c.code,
            label: `${c.label} (${
              c.legalHold
                ? t('bodycams.clips.hold')
                : t('bodycams.clips.retention', {
                    days: Math.round((c.retentionHours ?? 0) / 24),
                  })
            })`,
          }))}
          required
        />
        <fieldset className="mb-4">
          <legend className="h6">{t('bodycams.clips.subjectsWarned')}</legend>
          {(['yes', 'no'] as const).map((v) => (
            <div className="form-check form-check-inline" key={v}>
              <input
                type="radio"
                id={`warned-${v}`}
                name="subjectsWarned"
                checked={warned === v}
                onChange={() => setWarned(v)}
                aria-invalid={fields.of('subjectsWarned') ? true : undefined}
                required
              />
              <label htmlFor={`warned-${v}`}>
                {v === 'yes' ? t('bodycams.clips.subjectsYes') : t('bodycams.clips.subjectsNo')}
              </label>
            </div>
          ))}
          {fields.of('subjectsWarned') ? (
            <div className="invalid-feedback d-block" role="alert">
              {fields.of('subjectsWarned')}
            </div>
          ) : null}
        </fieldset>
        <TextAreaField
          label={t('bodycams.clips.note')}
          value={note}
          onChange={setNote}
          invalid={fields.of('note')}
        />
        <TextField
          label={t('bodycams.clips.linkedRef')}
          hint={t('bodycams.clips.linkedRefHint')}
          value={linkedRef}
          onChange={setLinkedRef}
          invalid={fields.of('linkedRef')}
        />
        <ErrorAlert error={act.error} onClose={act.clearError} />
        <div className="d-flex gap-2 justify-content-end">
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={act.pending}>
            {t('bodycams.clips.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
