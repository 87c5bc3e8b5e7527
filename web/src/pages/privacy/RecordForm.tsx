import { useRef, useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { Panel } from '../../components/Panel';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useT } from '../../i18n';
import { pathErrorsOf } from '../../lib/pathErrors';
import type { DisciplinareVersion } from '../bodycams/disciplinareApi';
import { createRecord, KINDS, TOOLS, uploadPdf, type Kind, type Tool } from './complianceApi';

const MAX_MB = 25;

/** Records a new compliance document: uploads the PDF, then registers its record. */
export function RecordForm({
  versions,
  onSaved,
}: {
  versions: DisciplinareVersion[];
  onSaved: () => void;
}) {
  const t = useT();
  const [tool, setTool] = useState<Tool>('cctv');
  const [kind, setKind] = useState<Kind>('dpia');
  const [title, setTitle] = useState('');
  const [version, setVersion] = useState('');
  const [documentDate, setDocumentDate] = useState('');
  const [reference, setReference] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [disciplinareId, setDisciplinareId] = useState('');
  const [notes, setNotes] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const save = useAction();
  const errors = pathErrorsOf(save.error);
  const needsVersion = tool === 'bodycam' && kind === 'disciplinare';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setFileMissing(!file);
    if (!file) return;
    const r = await save.run(async () => {
      const up = await uploadPdf(file);
      return createRecord({
        tool,
        kind,
        title: title.trim(),
        version: version.trim(),
        documentDate,
        reference: reference.trim(),
        ...(effectiveFrom && { effectiveFrom: new Date(effectiveFrom).toISOString() }),
        ...(needsVersion && disciplinareId && { disciplinareId }),
        notes,
        fileSha256: up.sha256,
        fileName: file.name,
      });
    });
    if (r) {
      setSaved(t('compliance.form.saved', { title: r.title, version: r.version }));
      setTitle('');
      setVersion('');
      setReference('');
      setEffectiveFrom('');
      setNotes('');
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      onSaved();
    }
  };

  return (
    <Panel as="section" aria-labelledby="compliance-form-title" className="mb-4">
      <h2 className="h4" id="compliance-form-title">
        {t('compliance.form.title')}
      </h2>
      <p className="text-secondary">{t('compliance.form.intro')}</p>
      {saved ? <Notice kind="success">{saved}</Notice> : null}
      <ErrorAlert error={save.error} />
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="compliance-form">
        <div className="row">
          <SelectField
            className="col-md-6"
            label={t('compliance.form.tool')}
            value={tool}
            onChange={(v) => setTool(v as Tool)}
            options={TOOLS.map((x) => ({ value: x, label: t(`compliance.tools.${x}`) }))}
          />
          <SelectField
            className="col-md-6"
            label={t('compliance.form.kind')}
            value={kind}
            onChange={(v) => setKind(v as Kind)}
            options={KINDS.map((x) => ({ value: x, label: t(`compliance.kinds.${x}`) }))}
          />
          <TextField
            className="col-md-8"
            label={t('compliance.form.docTitle')}
            value={title}
            onChange={setTitle}
            invalid={errors.title}
            required
          />
          <TextField
            className="col-md-4"
            label={t('compliance.form.version')}
            value={version}
            onChange={setVersion}
            invalid={errors.version}
            required
          />
          <TextField
            className="col-md-4"
            type="date"
            label={t('compliance.form.documentDate')}
            value={documentDate}
            onChange={setDocumentDate}
            invalid={errors.documentDate}
            required
          />
          <TextField
            className="col-md-4"
            label={t('compliance.form.reference')}
            value={reference}
            onChange={setReference}
            invalid={errors.reference}
          />
          <TextField
            className="col-md-4"
            type="datetime-local"
            label={t('compliance.form.effectiveFrom')}
            hint={t('compliance.form.effectiveHint')}
            value={effectiveFrom}
            onChange={setEffectiveFrom}
            invalid={errors.effectiveFrom}
          />
          {needsVersion ? (
            <div className="col-md-6">
              <SelectField
                label={t('compliance.form.disciplinare')}
                value={disciplinareId}
                onChange={setDisciplinareId}
                placeholder="—"
                options={versions.map((v) => ({
                  value: v.id,
                  label: `${t('compliance.disciplinare.version', { number: v.number })} · ${v.title}`,
                }))}
              />
              {errors.disciplinareId ? (
                <div className="invalid-feedback d-block mt-n3 mb-3" role="alert">
                  {errors.disciplinareId}
                </div>
              ) : (
                <small className="form-text d-block mt-n3 mb-3">
                  {t('compliance.form.disciplinareHint')}
                </small>
              )}
            </div>
          ) : null}
          <div className="col-12 form-group">
            <label htmlFor="compliance-file" className="active">
              {t('compliance.form.file')}
            </label>
            <input
              ref={fileRef}
              id="compliance-file"
              type="file"
              accept="application/pdf,.pdf"
              className={`form-control${fileMissing || errors.fileSha256 || errors.fileName ? ' is-invalid' : ''}`}
              aria-describedby="compliance-file-hint"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
            <small id="compliance-file-hint" className="form-text">
              {t('compliance.form.fileHint', { mb: MAX_MB })}
            </small>
            {fileMissing || errors.fileSha256 || errors.fileName ? (
              <div className="invalid-feedback d-block" role="alert">
                {fileMissing
                  ? t('compliance.form.fileMissing')
                  : (errors.fileSha256 ?? errors.fileName)}
              </div>
            ) : null}
          </div>
          <TextAreaField
            className="col-12"
            label={t('compliance.form.notes')}
            value={notes}
            onChange={setNotes}
            invalid={errors.notes}
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={save.pending}>
          {save.pending ? t('compliance.form.uploading') : t('compliance.form.submit')}
        </button>
      </form>
    </Panel>
  );
}
