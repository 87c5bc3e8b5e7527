import { useT } from '../../i18n';
import { PointPicker } from '../admin/cameras/LocationPicker';
import type { Camera, CameraSettings } from '../admin/cameras/types';
import '../admin/cameras/cameras.css';

interface PlaceMapProps {
  lat: number | null;
  lon: number | null;
  cameras: readonly Camera[];
  settings: CameraSettings;
  onPick: (lat: number, lon: number) => void;
}

/** The place of the event on the map: a click sets it; a street chosen from the register moves the view to it. */
export function PlaceMap({ lat, lon, cameras, settings, onPick }: PlaceMapProps) {
  const t = useT();
  return (
    <div className="mb-4">
      <PointPicker
        latitude={lat}
        longitude={lon}
        others={cameras}
        settings={settings}
        onPick={onPick}
        color="#cc334d"
        follow
        testId="request-place-map"
        label={t('requestOps.form.map')}
        hint={t('requestOps.form.pickOnMap')}
      />
    </div>
  );
}
