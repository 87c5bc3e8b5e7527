import { Button } from 'design-react-kit';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SelectField } from '../../components/SelectField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { pathErrorsOf } from '../../lib/pathErrors';
import { useAuthenticatedSession, usePermissions } from '../../session/context';
import { RequestFieldsEditor } from './RequestFieldsEditor';
import {
  MANUAL_CHANNELS,
  emptyDraft,
  fieldErrorsOf,
  newRequestBody,
  type Channel,
  type NewRequestBody,
  type RequestDraft,
} from './requestForm';
import type { RequestDetail } from './requestsApi';

/**
 * Nuova richiesta: an operator records a request received the previous way (phone, paper, in
 * person); an officer (request.create only) uses it as the web form. Either way the server
 * numbers it, preserves the footage and acknowledges it.
 */
export function NewRequestPage() {
  const t = useT();
  const { can } = usePermissions();
  const operator = can('request.process');
  const session = useAuthenticatedSession();
  // An officer asks for themselves: their name is there already.
  const blank = (channel: Channel): RequestDraft => {
    const d = emptyDraft(channel);
    if (!operator) d.requester.name = session.user.displayName;
    return d;
  };
  const [draft, setDraft] = useState<RequestDraft>(() => blank(operator ? 'phone' : 'form'));
  const [created, setCreated] = useState<RequestDetail | null>(null);
  const action = useAction();
  // A refusal's messages under their fields (the officer has no channel field).
  const errors = useMemo(
    () => fieldErrorsOf(pathErrorsOf(action.error), (f) => operator || f !== 'channel'),
    [action.error, operator],
  );
  const refused = action.error?.status === 400 && action.error.code === 'validation_failed';
  const formRef = useRef<HTMLFormElement>(null);
  // After a refusal, the first field to correct gets the focus (and comes into view).
  useEffect(() => {
    if (!refused) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refused, action.error]);
  const map = useApi(async (signal) => {
    const [settings, cameras] = await Promise.all([
      unwrap(api.GET('/api/cameras/settings', { signal })),
      unwrap(api.GET('/api/cameras', { signal })),
    ]);
    return { settings, cameras: cameras.items };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Sent as typed, blanks included: the server names every missing field in one answer.
    const body = newRequestBody(draft) as NewRequestBody;
    void action
      .run(() => unwrap(api.POST('/api/requests', { body })))
      .then((request) => {
        if (!request) return;
        setCreated(request);
        setDraft(blank(draft.channel));
        window.scrollTo({ top: 0 });
      });
  };

  const heldCameras = created?.holds
    .filter((h) => h.state === 'active')
    .flatMap((h) => h.cameras.map((c) => c.code ?? c.id));

  return (
    <>
      <PageHeader
        title={t('requestOps.form.title')}
        intro={operator ? t('requestOps.form.introOperator') : t('requestOps.form.introOfficer')}
      />
      {created ? (
        <Notice kind="success" onClose={() => setCreated(null)} closeLabel={t('common.close')}>
          <p className="mb-1" data-testid="created-request" data-number={created.number}>
            <strong>{t('requestOps.form.created', { number: created.number })}</strong>
          </p>
          <p className="mb-1">
            {heldCameras && heldCameras.length > 0
              ? t('requestOps.form.held', { cameras: heldCameras.join(', ') })
              : t('requestOps.form.notHeld', { notes: created.triageNotes.join('; ') })}
          </p>
          {can('request.read') ? (
            <Link to={`/richieste/${encodeURIComponent(created.id)}`}>
              {t('requestOps.form.open')}
            </Link>
          ) : null}
        </Notice>
      ) : null}
      {refused ? (
        <Notice kind="danger" onClose={action.clearError} closeLabel={t('common.close')}>
          <p className="mb-0" data-testid="request-refused">
            {t('requestOps.form.refused')}
          </p>
          {errors.other.length > 0 ? (
            <ul className="mb-0 mt-2">
              {errors.other.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : (
        <ErrorAlert error={action.error} onClose={action.clearError} />
      )}
      <ErrorAlert error={map.error} />
      <Panel as="section">
        <p className="small mb-4">{t('requestOps.form.requiredHint')}</p>
        <form ref={formRef} onSubmit={submit} data-testid="new-request-form" noValidate>
          {operator ? (
            <div className="row">
              <div className="col-md-4">
                <SelectField
                  label={t('requestOps.form.channel')}
                  invalid={errors.fields.channel}
                  value={draft.channel}
                  options={MANUAL_CHANNELS.map((c) => ({
                    value: c,
                    label: t(`requests.channels.${c}`),
                  }))}
                  onChange={(channel) => setDraft({ ...draft, channel: channel as Channel })}
                />
              </div>
            </div>
          ) : null}
          <RequestFieldsEditor
            draft={draft}
            onChange={setDraft}
            cameras={map.data?.cameras ?? []}
            mapSettings={map.data?.settings}
            errors={errors}
          />
          <Button type="submit" color="primary" disabled={action.pending}>
            {t('requestOps.form.submit')}
          </Button>
        </form>
      </Panel>
    </>
  );
}
