import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/errors';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import { formatClock, formatDuration } from '../../components/timeline/rome';
import type { TimeRange } from '../../components/timeline/types';
import { useT } from '../../i18n';
import { TextAreaField } from '../../components/TextAreaField';

export interface PlaybackReason {
  reason: string;
  caseRef: string;
}

interface PlaybackDialogProps {
  /** The window about to be opened; null when the dialog is closed. */
  range: TimeRange | null;
  cameraLabel: string;
  initial: PlaybackReason;
  pending: boolean;
  error: ApiError | null;
  onSubmit: (value: PlaybackReason) => void;
  onClose: () => void;
}

/** Asks for the reason of a viewing (required by law) before a playback session is opened. */
export function PlaybackDialog({
  range,
  cameraLabel,
  initial,
  pending,
  error,
  onSubmit,
  onClose,
}: PlaybackDialogProps) {
  const t = useT();
  const [reason, setReason] = useState(initial.reason);
  const [caseRef, setCaseRef] = useState(initial.caseRef);
  const fields = useFieldErrors(error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!fields.check({ reason: !reason.trim() && fields.required })) return;
    onSubmit({ reason: reason.trim(), caseRef: caseRef.trim() });
  };

  return (
    <Dialog open={range !== null} title={t('recordings.dialog.title')} onClose={onClose}>
      {range ? (
        <form ref={fields.formRef} onSubmit={submit} data-testid="playback-dialog" noValidate>
          <dl className="row small mb-3">
            <dt className="col-4">{t('recordings.dialog.camera')}</dt>
            <dd className="col-8 mb-1">{cameraLabel}</dd>
            <dt className="col-4">{t('recordings.dialog.window')}</dt>
            <dd className="col-8 mb-1">
              {t('recordings.timeline.fromTo', {
                from: formatClock(range.from),
                to: formatClock(range.to),
              })}{' '}
              ({formatDuration(range.to - range.from)})
            </dd>
          </dl>
          <p className="small text-secondary">{t('recordings.dialog.notice')}</p>
          <ErrorAlert error={error} />
          <TextAreaField
            id="playback-reason"
            label={t('recordings.dialog.reason')}
            hint={t('recordings.dialog.reasonHint')}
            value={reason}
            onChange={setReason}
            invalid={fields.of('reason')}
            required
            minLength={3}
            maxLength={500}
            rows={2}
            autoFocus
          />
          <TextField
            id="playback-case-ref"
            label={t('recordings.dialog.caseRef')}
            value={caseRef}
            onChange={setCaseRef}
            invalid={fields.of('caseRef')}
            maxLength={200}
            autoComplete="off"
          />
          <div className="d-flex justify-content-end gap-2">
            <Button type="button" color="secondary" outline onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="primary" disabled={pending}>
              {t('recordings.dialog.submit')}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
