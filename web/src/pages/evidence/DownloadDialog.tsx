import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { TextAreaField } from '../../components/TextAreaField';
import { useT } from '../../i18n';

interface DownloadDialogProps {
  /** What is about to be downloaded (shown in the title); null: closed. */
  what: string | null;
  initialReason: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Every download of evidence is recorded with its reason (chain of custody): ask for it. */
export function DownloadDialog({ what, initialReason, onConfirm, onClose }: DownloadDialogProps) {
  const t = useT();
  const [reason, setReason] = useState(initialReason);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(reason.trim());
  };
  return (
    <Dialog open={what !== null} title={t('evidencePage.download.title')} onClose={onClose}>
      {what !== null ? (
        <form onSubmit={submit} data-testid="download-dialog">
          <p className="small">{what}</p>
          <p className="small text-secondary">{t('evidencePage.download.notice')}</p>
          <TextAreaField
            id="download-reason"
            label={t('evidencePage.download.reason')}
            hint={t('evidencePage.download.reasonHint')}
            value={reason}
            onChange={setReason}
            required
            minLength={5}
            maxLength={500}
            rows={2}
            autoFocus
          />
          <div className="d-flex justify-content-end gap-2">
            <Button type="button" color="secondary" outline onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="primary" disabled={reason.trim().length < 5}>
              {t('evidencePage.download.submit')}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
