import { Badge, Button } from 'design-react-kit';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { paths } from '../api/schema';
import type { OkJson } from '../api/types';
import { useAction } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';
import { useT } from '../i18n';
import { useFormat } from '../lib/format';
import { usePermissions } from '../session/context';
import { ErrorAlert } from './ErrorAlert';
import { Icon } from './Icon';

type Alarm = OkJson<paths['/api/alarms']['get']>['items'][number];

/** Open alarms are re-read this often: a camera that stops must show up without a reload. */
const POLL_MS = 10_000;
/** How long the spoken announcement of a new critical alarm stays in the page. */
const ANNOUNCEMENT_MS = 15_000;

/** Open alarms (a camera not recording, a disk filling up) on every page, for camera.read. */
export function AlarmBanner() {
  const { can } = usePermissions();
  return can('camera.read') ? <OpenAlarms /> : null;
}

function OpenAlarms() {
  const t = useT();
  const format = useFormat();
  const alarms = useApi((signal) => unwrap(api.GET('/api/alarms', { signal })), []);
  const ack = useAction();
  const [expanded, setExpanded] = useState<boolean | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef(new Set<string>());
  const { reload } = alarms;

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (!document.hidden) reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const items = alarms.data?.items ?? [];

  // Critical alarms not seen before are read out at once (role="alert"), once each; the
  // announcement is then removed so that it is not met again as page content.
  useEffect(() => {
    const fresh = (alarms.data?.items ?? []).filter(
      (a) => a.severity === 'critical' && !a.acknowledgedAt && !announced.current.has(a.id),
    );
    if (fresh.length === 0) return;
    for (const a of fresh) announced.current.add(a.id);
    setAnnouncement(fresh.map((a) => t('alarms.newCritical', { message: a.message })).join(' '));
  }, [alarms.data, t]);

  useEffect(() => {
    if (!announcement) return undefined;
    const timer = window.setTimeout(() => setAnnouncement(''), ANNOUNCEMENT_MS);
    return () => window.clearTimeout(timer);
  }, [announcement]);

  const acknowledge = (alarm: Alarm) => {
    // The list stays open after the last acknowledgement: it folds only on a fresh load.
    setExpanded(true);
    void ack.run(async () => {
      const updated = await unwrap(
        api.POST('/api/alarms/{id}/acknowledge', { params: { path: { id: alarm.id } } }),
      );
      alarms.setData((current) =>
        current
          ? { ...current, items: current.items.map((a) => (a.id === updated.id ? updated : a)) }
          : current,
      );
    });
  };

  const pending = items.filter((a) => !a.acknowledgedAt).length;
  const critical = items.some((a) => a.severity === 'critical');
  const open = expanded ?? pending > 0;

  return (
    <>
      {announcement ? (
        <div role="alert" className="visually-hidden" data-testid="alarm-announcement">
          {announcement}
        </div>
      ) : null}
      {items.length > 0 ? (
        <section
          className={`alert ${critical ? 'alert-danger' : 'alert-warning'} mb-4 vd-alarm-banner`}
          aria-labelledby="alarm-banner-title"
          data-testid="alarm-banner"
        >
          <div className="d-flex flex-wrap align-items-center justify-content-between gap-2">
            <h2 className="h6 mb-0" id="alarm-banner-title">
              {items.length === 1
                ? t('alarms.countOne')
                : t('alarms.count', { count: items.length })}
              {pending < items.length ? (
                <span className="fw-normal ms-2">{t('alarms.pending', { count: pending })}</span>
              ) : null}
            </h2>
            <button
              type="button"
              className="btn btn-link btn-sm p-0"
              aria-expanded={open}
              aria-controls="alarm-banner-list"
              onClick={() => setExpanded(!open)}
            >
              {open ? t('alarms.hide') : t('alarms.show')}
            </button>
          </div>
          <ErrorAlert error={ack.error} onClose={ack.clearError} className="mt-2 mb-0" />
          <ul id="alarm-banner-list" className="list-unstyled mb-0 mt-2" hidden={!open}>
            {items.map((alarm) => (
              <li
                key={alarm.id}
                className="d-flex flex-wrap align-items-center gap-2 py-1 border-top"
                data-kind={alarm.kind}
                data-subject={alarm.subject}
                data-severity={alarm.severity}
              >
                <Badge color={alarm.severity === 'critical' ? 'danger' : 'warning'}>
                  {t(`alarms.severity.${alarm.severity}`)}
                </Badge>
                <span className="fw-semibold">{alarm.message}</span>
                <span className="small">
                  {t('alarms.since', { time: format.dateTime(alarm.raisedAt) })}
                </span>
                <span className="ms-auto">
                  {alarm.acknowledgedAt ? (
                    <span className="small">
                      <Icon name="it-check" className="icon-sm me-1" />
                      {t('alarms.acknowledged', {
                        user: alarm.acknowledgedBy ?? '',
                        time: format.dateTime(alarm.acknowledgedAt),
                      })}
                    </span>
                  ) : (
                    <Button
                      size="xs"
                      color="primary"
                      outline
                      className="bg-white"
                      disabled={ack.pending}
                      aria-label={t('alarms.acknowledgeFor', { message: alarm.message })}
                      onClick={() => acknowledge(alarm)}
                    >
                      {t('alarms.acknowledge')}
                    </Button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
