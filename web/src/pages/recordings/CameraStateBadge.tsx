import { Badge } from 'design-react-kit';
import { useT } from '../../i18n';
import type { Camera, CameraState } from './recordingsApi';

const COLORS: Record<CameraState, string> = {
  starting: 'secondary',
  online: 'success',
  offline: 'danger',
  error: 'danger',
  disabled: 'secondary',
};

/** Recording state of a camera as a badge; the recorder's message as its tooltip. */
export function CameraStateBadge({ status }: { status: Camera['status'] }) {
  const t = useT();
  return (
    <Badge
      color={COLORS[status.state]}
      title={status.message ?? undefined}
      data-state={status.state}
      className="vd-rec-state"
    >
      {t(`recordings.states.${status.state}`)}
    </Badge>
  );
}
