import { Button } from 'design-react-kit';
import type { ApiError } from '../api/errors';
import { useT } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: ApiError | null;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const t = useT();
  return (
    <Dialog open={props.open} title={props.title} onClose={props.onCancel}>
      <p>{props.message}</p>
      <ErrorAlert error={props.error} />
      <div className="d-flex justify-content-end gap-2 mt-4">
        <Button color="secondary" outline onClick={props.onCancel}>
          {t('common.cancel')}
        </Button>
        <Button
          color={props.danger ? 'danger' : 'primary'}
          disabled={props.pending}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
