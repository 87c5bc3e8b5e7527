import { Badge, Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';

type Key = 'ack' | 'fulfilled' | 'refused' | 'cancelled';

/** Modelli di risposta: the admin edits the Italian mails to requesters, with a preview. */
export function TemplatesPage() {
  const t = useT();
  const templates = useApi((signal) => unwrap(api.GET('/api/notice-templates', { signal })), []);
  const [key, setKey] = useState<Key>('ack');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [preview, setPreview] = useState<{ subject: string; body: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const current = templates.data?.items.find((i) => i.key === key);

  useEffect(() => {
    if (!current) return;
    setSubject(current.subject);
    setBody(current.body);
    setPreview(null);
  }, [current]);

  const showPreview = () => {
    void action
      .run(() => unwrap(api.POST('/api/notice-templates/preview', { body: { subject, body } })))
      .then((p) => p && setPreview(p));
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    void action
      .run(() =>
        unwrap(
          api.PUT('/api/notice-templates/{key}', {
            params: { path: { key } },
            body: { subject, body },
          }),
        ),
      )
      .then((view) => {
        if (!view) return;
        setSaved(t('requestOps.templates.saved'));
        templates.reload();
      });
  };

  const reset = () => {
    setSaved(null);
    void action
      .run(() => unwrap(api.DELETE('/api/notice-templates/{key}', { params: { path: { key } } })))
      .then((view) => {
        if (!view) return;
        setSaved(t('requestOps.templates.resetDone'));
        templates.reload();
      });
  };

  return (
    <>
      <PageHeader title={t('requestOps.templates.title')} intro={t('requestOps.templates.intro')} />
      <ErrorAlert error={templates.error ?? action.error} onClose={action.clearError} />
      {saved ? (
        <Notice kind="success" onClose={() => setSaved(null)} closeLabel={t('common.close')}>
          <p className="mb-0">{saved}</p>
        </Notice>
      ) : null}
      <div className="row g-4">
        <div className="col-lg-7">
          <Panel as="section">
            <form onSubmit={save} data-testid="template-form">
              <SelectField
                label={t('requestOps.templates.template')}
                value={key}
                options={(templates.data?.items ?? []).map((i) => ({
                  value: i.key,
                  label: `${t(`requestOps.templates.keys.${i.key}`)} (${
                    i.custom ? t('requestOps.templates.custom') : t('requestOps.templates.builtin')
                  })`,
                }))}
                onChange={(v) => setKey(v as Key)}
              />
              <TextField
                label={t('requestOps.templates.subject')}
                value={subject}
                onChange={setSubject}
              />
              <TextAreaField
                label={t('requestOps.templates.body')}
                value={body}
                rows={16}
                onChange={setBody}
              />
              <div className="d-flex flex-wrap gap-2">
                <Button type="submit" color="primary" disabled={action.pending}>
                  {t('requestOps.templates.save')}
                </Button>
                <Button color="primary" outline disabled={action.pending} onClick={showPreview}>
                  {t('requestOps.templates.preview')}
                </Button>
                {current?.custom ? (
                  <Button color="secondary" outline disabled={action.pending} onClick={reset}>
                    {t('requestOps.templates.reset')}
                  </Button>
                ) : null}
              </div>
            </form>
          </Panel>
          {preview ? (
            <Panel as="section" className="mt-4" aria-labelledby="template-preview-title">
              <h2 id="template-preview-title" className="h5">
                {t('requestOps.templates.preview')}
              </h2>
              <p className="fw-semibold" data-testid="preview-subject">
                {preview.subject}
              </p>
              <pre className="vd-request-message" data-testid="preview-body">
                {preview.body}
              </pre>
            </Panel>
          ) : null}
        </div>
        <div className="col-lg-5">
          <Panel as="section" aria-labelledby="placeholders-title">
            <h2 id="placeholders-title" className="h5">
              {t('requestOps.templates.placeholders')}
            </h2>
            <dl className="small mb-0">
              {Object.entries(templates.data?.placeholders ?? {}).map(([name, what]) => (
                <div key={name} className="mb-1">
                  <dt className="d-inline">
                    <code>{`{{${name}}}`}</code>
                  </dt>{' '}
                  <dd className="d-inline">{what}</dd>
                </div>
              ))}
            </dl>
            {current?.updatedBy ? (
              <p className="small text-secondary mt-3 mb-0">
                <Badge color="secondary">{t('requestOps.templates.custom')}</Badge>{' '}
                {current.updatedBy}
              </p>
            ) : null}
          </Panel>
        </div>
      </div>
    </>
  );
}
