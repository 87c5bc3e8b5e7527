import { Button } from 'design-react-kit';
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextAreaField } from '../../components/TextAreaField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { pathErrorsOf } from '../../lib/pathErrors';
import { RequestFieldsEditor } from './RequestFieldsEditor';
import {
  draftOf,
  fieldErrorsOf,
  placeOf,
  referencesOf,
  requesterOf,
  windowOf,
  type RequestDraft,
} from './requestForm';
import type { RequestDetail } from './requestsApi';

interface EditFieldsDialogProps {
  request: RequestDetail;
  onClose: () => void;
  onSaved: (request: RequestDetail) => void;
}

/** The operator corrects what the parser read; the server records each change old → new. */
export function EditFieldsDialog({ request, onClose, onSaved }: EditFieldsDialogProps) {
  const t = useT();
  const [draft, setDraft] = useState<RequestDraft>(() => draftOf(request));
  const [reason, setReason] = useState('');
  const [windowInvalid, setWindowInvalid] = useState(false);
  const action = useAction();
  // The inverted window is caught here; the server's refusals land under their fields too.
  const errors = useMemo(
    () =>
      fieldErrorsOf({
        ...pathErrorsOf(action.error),
        ...(windowInvalid && { 'window.to': t('requestOps.form.windowInvalid') }),
      }),
    [action.error, windowInvalid, t],
  );
  const map = useApi(async (signal) => {
    const [settings, cameras] = await Promise.all([
      unwrap(api.GET('/api/cameras/settings', { signal })),
      unwrap(api.GET('/api/cameras', { signal })),
    ]);
    return { settings, cameras: cameras.items };
  }, []);

  const save = (event: FormEvent) => {
    event.preventDefault();
    const window = windowOf(draft);
    setWindowInvalid(window === 'invalid');
    if (window === 'invalid') return;
    const body = {
      eventType: draft.eventType || null,
      window,
      place: placeOf(draft),
      references: referencesOf(draft),
      requester: requesterOf(draft),
      urgent: draft.urgent,
      subject: draft.subject.trim(),
      description: draft.description.trim(),
      reason: reason.trim(),
    };
    void action
      .run(() =>
        unwrap(
          api.POST('/api/requests/{id}/fields', { params: { path: { id: request.id } }, body }),
        ),
      )
      .then((updated) => {
        if (updated) onSaved(updated);
      });
  };

  return (
    <Dialog
      open
      wide
      title={t('requestOps.edit.title', { number: request.number })}
      onClose={onClose}
    >
      <form onSubmit={save} data-testid="edit-fields-form" noValidate>
        <ErrorAlert error={action.error} onClose={action.clearError} />
        <RequestFieldsEditor
          draft={draft}
          onChange={setDraft}
          cameras={map.data?.cameras ?? []}
          mapSettings={map.data?.settings}
          errors={errors}
        />
        <TextAreaField
          label={t('requestOps.edit.reason')}
          hint={t('requests.reasonHint')}
          value={reason}
          rows={2}
          required
          onChange={setReason}
        />
        <Button type="submit" color="primary" disabled={action.pending || reason.trim().length < 3}>
          {t('requestOps.edit.save')}
        </Button>
      </form>
    </Dialog>
  );
}
