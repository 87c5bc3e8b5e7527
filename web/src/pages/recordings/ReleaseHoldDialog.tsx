import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/errors';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatClock } from '../../components/timeline/rome';
import { useT } from '../../i18n';
import type { Hold } from './recordingsApi';
import { TextAreaField } from '../../components/TextAreaField';

interface ReleaseHoldDialogProps {
  hold: Hold | null;
  pending: boolean;
  error: ApiError | null;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}

/** Removing a hold follows a review: its outcome is the required reason. */
export function ReleaseHoldDialog({
  hold,
  pending,
  error,
  onSubmit,
  onClose,
}: ReleaseHoldDialogProps) {
  const t = useT();
  const [reason, setReason] = useState('');
  const fields = useFieldErrors(error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!fields.check({ reason: !reason.trim() && fields.required })) return;
    onSubmit(reason.trim());
  };

  return (
    <Dialog open={hold !== null} title={t('holds.releaseTitle')} onClose={onClose}>
      {hold ? (
        <form ref={fields.formRef} onSubmit={submit} noValidate>
          <p>
            {t('holds.releaseText', {
              cameras: hold.cameras.map((c) => c.code ?? c.id).join(', '),
              from: formatClock(Date.parse(hold.from)),
              to: formatClock(Date.parse(hold.to)),
            })}
          </p>
          <ErrorAlert error={error} />
          <TextAreaField
            id="release-hold-reason"
            label={t('holds.releaseReason')}
            hint={t('holds.releaseReasonHint')}
            value={reason}
            onChange={setReason}
            invalid={fields.of('reason')}
            required
            minLength={5}
            maxLength={2000}
            autoFocus
          />
          <div className="d-flex justify-content-end gap-2">
            <Button type="button" color="secondary" outline onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="danger" disabled={pending}>
              {t('holds.release')}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
