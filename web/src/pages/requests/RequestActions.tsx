import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrap, type ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { Panel } from '../../components/Panel';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { pathErrorsOf } from '../../lib/pathErrors';
import {
  NEGATIVE_REASONS,
  NEXT_STATES,
  type NegativeReason,
  type RequestDetail,
  type RequestState,
} from './requestsApi';

/**
 * A refusal's messages by field: the schema's by path, and the lifecycle's `details.field`
 * (the one field its message is about).
 */
function actionErrorsOf(error: ApiError | null): Record<string, string> {
  const out = pathErrorsOf(error);
  const details = error?.status === 400 ? error.details : undefined;
  if (typeof details === 'object' && details !== null && 'field' in details) {
    const field = details.field;
    if (typeof field === 'string' && error) out[field] ??= error.message;
  }
  return out;
}

interface RequestActionsProps {
  request: RequestDetail;
  myUserId: string;
  onUpdated: (request: RequestDetail) => void;
}

/** Take the request, change its state (negativa with its reason), comment: request.process. */
export function RequestActions({ request, myUserId, onUpdated }: RequestActionsProps) {
  const t = useT();
  const action = useAction();
  const fieldError = actionErrorsOf(action.error);
  const [success, setSuccess] = useState<string | null>(null);
  const [state, setState] = useState<RequestState | ''>('');
  const [negativeReason, setNegativeReason] = useState<NegativeReason | ''>('');
  const [reason, setReason] = useState('');
  const [mergedInto, setMergedInto] = useState('');
  const [comment, setComment] = useState('');
  const [evidenceId, setEvidenceId] = useState('');
  const [assignee, setAssignee] = useState(request.assignedTo ?? '');
  const assignees = useApi((signal) => unwrap(api.GET('/api/requests/assignees', { signal })), []);

  const path = { params: { path: { id: request.id } } };
  const next = NEXT_STATES[request.state];
  const canTake =
    next.length > 0 && (request.state === 'ricevuta' || request.assignedTo !== myUserId);

  const done = (updated: RequestDetail | undefined, message: string) => {
    if (!updated) return;
    onUpdated(updated);
    setSuccess(message);
  };

  const take = () => {
    setSuccess(null);
    void action
      .run(() => unwrap(api.POST('/api/requests/{id}/take', { ...path, body: {} })))
      .then((updated) => done(updated, t('requests.taken')));
  };

  const changeState = (event: FormEvent) => {
    event.preventDefault();
    if (!state) return;
    setSuccess(null);
    const body = {
      state,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(state === 'negativa' && negativeReason ? { negativeReason } : {}),
      ...(state === 'unita' && mergedInto.trim() ? { mergedInto: mergedInto.trim() } : {}),
      ...(state === 'evasa' && evidenceId.trim() ? { evidenceId: evidenceId.trim() } : {}),
    };
    void action
      .run(() => unwrap(api.POST('/api/requests/{id}/state', { ...path, body })))
      .then((updated) => {
        if (updated) {
          setState('');
          setNegativeReason('');
          setReason('');
          setMergedInto('');
          setEvidenceId('');
        }
        done(updated, t('requests.stateChanged'));
      });
  };

  const assign = (event: FormEvent) => {
    event.preventDefault();
    setSuccess(null);
    void action
      .run(() =>
        unwrap(
          api.POST('/api/requests/{id}/assign', { ...path, body: { userId: assignee || null } }),
        ),
      )
      .then((updated) => done(updated, t('requestOps.assign.done')));
  };

  const notifies = state === 'evasa' || state === 'negativa' || state === 'annullata';

  const addComment = (event: FormEvent) => {
    event.preventDefault();
    if (!comment.trim()) return;
    setSuccess(null);
    void action
      .run(() =>
        unwrap(api.POST('/api/requests/{id}/comments', { ...path, body: { text: comment } })),
      )
      .then((updated) => {
        if (updated) setComment('');
        done(updated, t('requests.commentAdded'));
      });
  };

  return (
    <Panel as="section" className="mb-4" aria-labelledby="request-actions-title">
      <h2 id="request-actions-title" className="h5">
        {t('common.actions')}
      </h2>
      <ErrorAlert error={action.error} onClose={action.clearError} />
      {success ? (
        <Notice kind="success" onClose={() => setSuccess(null)} closeLabel={t('common.close')}>
          <p className="mb-0">{success}</p>
        </Notice>
      ) : null}
      {next.length === 0 ? <p className="text-secondary">{t('requests.closed')}</p> : null}
      {canTake ? (
        <Button color="primary" className="mb-4" disabled={action.pending} onClick={take}>
          {t('requests.take')}
        </Button>
      ) : null}
      {next.length > 0 ? (
        <form onSubmit={assign} className="mb-4" data-testid="assign-form" noValidate>
          <SelectField
            label={t('requestOps.assign.label')}
            value={assignee}
            options={[
              { value: '', label: t('requestOps.assign.nobody') },
              ...(assignees.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
            ]}
            onChange={setAssignee}
          />
          <Button
            type="submit"
            color="primary"
            outline
            size="sm"
            disabled={action.pending || assignee === (request.assignedTo ?? '')}
          >
            {t('requestOps.assign.button')}
          </Button>
        </form>
      ) : null}
      {next.length > 0 ? (
        <form onSubmit={changeState} className="mb-4" data-testid="state-form" noValidate>
          <h3 className="h6 mb-4">{t('requests.changeState')}</h3>
          <SelectField
            label={t('requests.newState')}
            value={state}
            placeholder={t('requests.chooseState')}
            options={next.map((s) => ({ value: s, label: t(`requests.states.${s}`) }))}
            onChange={(value) => setState(value as RequestState | '')}
          />
          {state === 'negativa' ? (
            <SelectField
              label={t('requests.negativeReason')}
              value={negativeReason}
              invalid={fieldError.negativeReason}
              placeholder={t('requests.chooseState')}
              required
              options={NEGATIVE_REASONS.map((r) => ({
                value: r,
                label: t(`requests.negativeReasons.${r}`),
              }))}
              onChange={(value) => setNegativeReason(value as NegativeReason | '')}
            />
          ) : null}
          {state === 'evasa' ? (
            <TextField
              label={t('requestOps.outcome.evidence')}
              value={evidenceId}
              invalid={fieldError.evidenceId}
              onChange={setEvidenceId}
            />
          ) : null}
          {notifies ? (
            <p className="small text-secondary" data-testid="notice-hint">
              {request.requester.email
                ? t('requestOps.outcome.notice')
                : t('requestOps.outcome.noEmail')}
            </p>
          ) : null}
          {state === 'unita' ? (
            <TextField
              label={t('requests.mergedInto')}
              value={mergedInto}
              invalid={fieldError.mergedInto}
              required
              onChange={setMergedInto}
            />
          ) : null}
          <TextAreaField
            label={t('requests.reason')}
            hint={t('requests.reasonHint')}
            value={reason}
            invalid={fieldError.reason}
            rows={2}
            onChange={setReason}
          />
          <Button
            type="submit"
            color="primary"
            outline
            disabled={action.pending || !state || (state === 'negativa' && !negativeReason)}
          >
            {t('requests.applyState')}
          </Button>
        </form>
      ) : null}
      <form onSubmit={addComment} className="border-top pt-4" data-testid="comment-form" noValidate>
        <TextAreaField
          label={t('requests.newComment')}
          value={comment}
          invalid={fieldError.text}
          rows={2}
          onChange={setComment}
        />
        <Button type="submit" color="primary" outline disabled={action.pending || !comment.trim()}>
          {t('requests.addComment')}
        </Button>
      </form>
    </Panel>
  );
}
