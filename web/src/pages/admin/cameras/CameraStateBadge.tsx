import { Badge } from 'design-react-kit';
import { useT } from '../../../i18n';
import { STATE_BADGE } from './cameraFormat';
import type { CameraStatus } from './types';

/** Recording state as a coloured badge, with the recorder's message beneath. */
export function CameraStateBadge({ status }: { status: CameraStatus }) {
  const t = useT();
  return (
    <div data-state={status.state}>
      <Badge color={STATE_BADGE[status.state]} className="vd-camera-state">
        {t(`cameras.states.${status.state}`)}
      </Badge>
      {status.message ? (
        <span className="d-block small text-secondary vd-camera-message">{status.message}</span>
      ) : null}
    </div>
  );
}
