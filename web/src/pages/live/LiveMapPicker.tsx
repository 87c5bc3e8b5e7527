import { Button } from 'design-react-kit';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n';
import { CamerasMap } from '../admin/cameras/CamerasMap';
import type { LiveCamera } from './liveApi';

interface LiveMapPickerProps {
  cameras: readonly LiveCamera[];
  settings: { mapTileUrl: string; mapAttribution: string };
  /** Place (0-based) of each camera shown on the wall. */
  placeOf: ReadonlyMap<string, number>;
  /** Puts the camera on the wall; returns what happened, in words. */
  onPick: (camera: LiveCamera) => string;
}

/**
 * "Scegli dalla mappa": the cameras map (the one of Amministrazione > Telecamere) in a dialog;
 * a click on a marker puts that camera on the wall, in the selected place or the first free
 * one. The dialog stays open to pick several; markers of cameras on the wall say where.
 */
export function LiveMapPicker({ cameras, settings, placeOf, onPick }: LiveMapPickerProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);

  return (
    <>
      <Button
        color="primary"
        outline
        size="xs"
        className="vd-live-map-button"
        onClick={() => {
          setOutcome(null);
          setOpen(true);
        }}
      >
        <Icon name="it-map-marker" className="icon-xs icon-primary me-1" />
        {t('live.mapPick')}
      </Button>
      <Dialog open={open} title={t('live.mapTitle')} onClose={() => setOpen(false)} wide>
        <p className="small mb-2">{t('live.mapHint')}</p>
        <div className="vd-live-map-picker" data-testid="live-map-picker">
          <CamerasMap
            cameras={cameras}
            settings={settings}
            onPick={(camera) => setOutcome(onPick(camera))}
            labelOf={(camera) => {
              const place = placeOf.get(camera.id);
              return place === undefined ? null : t('live.onWall', { slot: place + 1 });
            }}
          />
        </div>
        <p className="small mt-2 mb-0" role="status" data-testid="live-map-outcome">
          {outcome ?? ''}
        </p>
        <div className="d-flex justify-content-end mt-3">
          <Button color="primary" size="sm" onClick={() => setOpen(false)}>
            {t('common.close')}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
