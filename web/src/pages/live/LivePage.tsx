import { Button } from 'design-react-kit';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { useAuthenticatedSession } from '../../session/context';
import { LiveCameraList } from './LiveCameraList';
import { LiveMapPicker } from './LiveMapPicker';
import { LiveTile } from './LiveTile';
import type { LiveCamera } from './liveApi';
import { usePageVisible } from './usePageVisible';
import { useWallPreference } from './useWallPreference';
import { clearPlace, columnsOf, LAYOUTS, placeCamera, tileCount, type Wall } from './wall';
import './live-page.css';

const CAMERA_REFRESH_MS = 15_000;

/**
 * Live: the observation wall. Layouts 1, 2×2, 3×3, 4×4 with cameras chosen from the list,
 * saved per user; every tile is an audited viewing session on the server.
 */
export function LivePage() {
  const t = useT();
  const cameras = useApi((signal) => unwrap(api.GET('/api/cameras', { signal })), []);
  const settings = useApi((signal) => unwrap(api.GET('/api/cameras/settings', { signal })), []);
  const session = useAuthenticatedSession();
  // The operator's name over the picture: a photo of the screen says who was watching.
  const watermark = settings.data?.liveWatermark
    ? `${session.user.displayName} · ${session.user.username}`
    : null;
  const { reload } = cameras;
  const preference = useWallPreference();
  const { wall, update } = preference;
  const pageVisible = usePageVisible();
  // `?transport=mse` keeps every tile on the WebSocket (diagnosis, measurement).
  const [search] = useSearchParams();
  const transport = search.get('transport') === 'mse' ? 'mse' : 'auto';
  const [selected, setSelected] = useState<number | null>(null);
  const [fullscreenSlot, setFullscreenSlot] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // Camera states change (online, offline), and so may the cameras this user may see.
  useEffect(() => {
    const timer = window.setInterval(reload, CAMERA_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const byId = useMemo(
    () => new Map((cameras.data?.items ?? []).map((c) => [c.id, c])),
    [cameras.data],
  );

  const shown = wall ? tileCount(wall.layout) : 0;
  const placeOf = useMemo(() => {
    const map = new Map<string, number>();
    wall?.cameras.slice(0, shown).forEach((id, slot) => {
      if (id) map.set(id, slot);
    });
    return map;
  }, [wall, shown]);

  const onFullscreen = useCallback((slot: number, on: boolean) => {
    setFullscreenSlot((current) => (on ? slot : current === slot ? null : current));
  }, []);
  const onFullscreenError = useCallback(
    (detail: string) => setNotice(t('live.fullscreenFailed', { detail })),
    [t],
  );

  const change = (next: Wall) => {
    setNotice(null);
    update(next);
  };

  /** Puts a camera on the wall; returns what happened, in words (for the map picker). */
  const place = (camera: LiveCamera): string => {
    if (!wall) return '';
    const result = placeCamera(wall, camera.id, selected);
    if (result.kind === 'placed') {
      change(result.wall);
      setSelected(null);
      return t('live.placed', { code: camera.code, slot: result.slot + 1 });
    }
    const message =
      result.kind === 'already'
        ? t('live.already', { code: camera.code, slot: result.slot + 1 })
        : t('live.full');
    setNotice(message);
    return message;
  };
  const pick = (camera: LiveCamera) => {
    place(camera);
  };

  const select = useCallback(
    (slot: number) => setSelected((current) => (current === slot ? null : slot)),
    [],
  );
  const remove = useCallback(
    (slot: number) => {
      if (!wall) return;
      change(clearPlace(wall, slot));
      setSelected(null);
    },
    // `change` only calls stable setters and `update`.
    [wall, update],
  );

  const loading = (cameras.loading && !cameras.data) || (!wall && !preference.loadError);

  return (
    <>
      <PageHeader title={t('live.title')} intro={t('live.intro')} />
      <ErrorAlert error={cameras.error} />
      {preference.loadError ? (
        <div className="mb-4">
          <ErrorAlert error={preference.loadError} />
          <Button color="primary" size="sm" onClick={preference.reload}>
            {t('common.retry')}
          </Button>
        </div>
      ) : null}
      {loading ? <Loading /> : null}
      {wall && cameras.data ? (
        <div className="row g-4 vd-live-page">
          <div className="col-12 col-lg-3 col-xxl-2">
            {settings.data ? (
              <div className="mb-2">
                <LiveMapPicker
                  cameras={cameras.data.items}
                  settings={settings.data}
                  placeOf={placeOf}
                  onPick={place}
                />
              </div>
            ) : null}
            <LiveCameraList cameras={cameras.data.items} placeOf={placeOf} onPick={pick} />
          </div>
          <div className="col-12 col-lg-9 col-xxl-10">
            <div className="d-flex flex-wrap align-items-center gap-3 mb-3">
              <div className="btn-group" role="group" aria-label={t('live.layout')}>
                {LAYOUTS.map((layout) => (
                  <Button
                    key={layout}
                    color="primary"
                    size="sm"
                    outline={wall.layout !== layout}
                    aria-pressed={wall.layout === layout}
                    title={t('live.layoutTitle', { layout: t(`live.layouts.${layout}`) })}
                    onClick={() => {
                      change({ ...wall, layout });
                      setSelected(null);
                    }}
                  >
                    {t(`live.layouts.${layout}`)}
                  </Button>
                ))}
              </div>
              <span
                className="small text-secondary"
                data-testid="live-save-state"
                data-state={preference.save}
                role="status"
              >
                {preference.save === 'saving'
                  ? t('live.save.saving')
                  : preference.save === 'saved'
                    ? t('live.save.saved')
                    : ''}
              </span>
            </div>
            <ErrorAlert error={preference.saveError} />
            {notice ? (
              <Notice
                kind="info"
                onClose={() => setNotice(null)}
                closeLabel={t('common.close')}
                className="py-2"
              >
                <p className="mb-0" data-testid="live-notice">
                  {notice}
                </p>
              </Notice>
            ) : null}
            <p className="small text-secondary mb-2">{t('live.hint')}</p>
            <div
              className="vd-live-wall"
              style={{ gridTemplateColumns: `repeat(${columnsOf(wall.layout)}, minmax(0, 1fr))` }}
              data-testid="live-wall"
              data-layout={wall.layout}
            >
              {wall.cameras.slice(0, shown).map((id, slot) => (
                <LiveTile
                  // Keyed by place and camera: a new camera in a place is a new session.
                  key={`${slot}:${id ?? ''}`}
                  slot={slot}
                  camera={id ? (byId.get(id) ?? 'missing') : null}
                  selected={selected === slot}
                  allowed={pageVisible && (fullscreenSlot === null || fullscreenSlot === slot)}
                  onSelect={select}
                  onRemove={remove}
                  onFullscreen={onFullscreen}
                  onFullscreenError={onFullscreenError}
                  watermark={watermark}
                  transport={transport}
                />
              ))}
            </div>
          </div>
        </div>
      ) : null}
    </>
  );
}
