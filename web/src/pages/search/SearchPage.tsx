import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { DAY, HOUR, formatClock } from '../../components/timeline/rome';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { usePermissions } from '../../session/context';
import { PlaybackDialog, type PlaybackReason } from '../recordings/PlaybackDialog';
import { startPlayback, toPlayerSession } from '../recordings/recordingsApi';
import { AcquisitionPanel } from './AcquisitionPanel';
import { SearchForm } from './SearchForm';
import { SearchMap } from './SearchMap';
import { SearchResults } from './SearchResults';
import {
  DEFAULT_RADIUS_M,
  draftFromRequest,
  draftPlace,
  runSearch,
  type RequestDetail,
  type SearchDraft,
  type SearchResult,
} from './searchApi';
import { preselect } from './selection';
import { SyncPlayback, type Marks, type SyncSource } from './SyncPlayback';
import './search.css';

/** Playback sessions cover at most one day (the server's limit). */
const MAX_PLAYBACK_MS = DAY;

interface OpenSync {
  sources: SyncSource[];
  from: number;
  to: number;
  startAt: number;
  reason: PlaybackReason;
}

function initialDraft(): SearchDraft {
  const now = Date.now();
  return {
    mode: 'point',
    lat: null,
    lon: null,
    radiusM: DEFAULT_RADIUS_M,
    street: '',
    crossStreet: '',
    cameraIds: [],
    from: now - HOUR,
    to: now,
  };
}

/**
 * Ricerca immagini: from a place and a window to the cameras that may have seen an event,
 * with their availability and a frame each; 1–4 of them played together under one clock.
 * Opened from a request (?request=ID), the search comes pre-filled and runs at once.
 */
export function SearchPage() {
  const t = useT();
  const { can } = usePermissions();
  const [params] = useSearchParams();
  const requestId = params.get('request');
  const [draft, setDraft] = useState<SearchDraft>(initialDraft);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [preselected, setPreselected] = useState<number | null>(null);
  const [asking, setAsking] = useState(false);
  const [sync, setSync] = useState<OpenSync | null>(null);
  const [marks, setMarks] = useState<Marks>({ in: null, out: null });
  const searching = useAction();
  const opening = useAction();
  const syncRef = useRef<HTMLDivElement>(null);

  const cameras = useApi((signal) => unwrap(api.GET('/api/cameras', { signal })), []);
  const settings = useApi((signal) => unwrap(api.GET('/api/cameras/settings', { signal })), []);
  // Street suggestions: the cameras' addresses, and the stradario for what is being typed.
  const [streetQuery, setStreetQuery] = useState('');
  const typedStreet = draft.mode === 'street' ? draft.street.trim() : '';
  useEffect(() => {
    const timer = window.setTimeout(() => setStreetQuery(typedStreet), 250);
    return () => window.clearTimeout(timer);
  }, [typedStreet]);
  const streets = useApi(
    (signal) =>
      unwrap(
        api.GET('/api/search/streets', {
          signal,
          params: { query: streetQuery.length >= 2 ? { q: streetQuery } : {} },
        }),
      ),
    [streetQuery],
  );
  const request = useApi<RequestDetail | null>(
    (signal) =>
      requestId
        ? unwrap(api.GET('/api/requests/{id}', { signal, params: { path: { id: requestId } } }))
        : Promise.resolve(null),
    [requestId],
  );

  /**
   * Runs the search. `fromRequest`: the first search of a request preselects the nearest
   * cameras with footage in the window (at most MAX_SYNC), ready to play or acquire; any other
   * search keeps what the operator chose among the cameras still found.
   */
  const search = (d: SearchDraft, fromRequest: RequestDetail | null = null) => {
    const place = draftPlace(d);
    if (!place) return;
    void searching.run(async () => {
      const found = await runSearch({
        place,
        from: new Date(d.from).toISOString(),
        to: new Date(d.to).toISOString(),
        requestId: fromRequest?.id ?? request.data?.id ?? null,
      });
      setResult(found);
      if (fromRequest) {
        const picked = preselect(found.items);
        setSelected(new Set(picked.map((h) => h.camera.id)));
        setPreselected(picked.length);
        return;
      }
      setPreselected(null);
      setSelected((current) => {
        const ids = new Set(found.items.map((h) => h.camera.id));
        return new Set([...current].filter((id) => ids.has(id)));
      });
    });
  };

  // Opened from a request: fill the form from it and search once.
  const prefilled = useRef<string | null>(null);
  const r = request.data;
  useEffect(() => {
    if (!r || prefilled.current === r.id) return;
    prefilled.current = r.id;
    const next = draftFromRequest(r, initialDraft());
    setDraft(next);
    search(next, r);
  }, [r]);

  const toggle = (id: string, checked: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });

  const chosen = useMemo(
    () => (result ? result.items.filter((h) => selected.has(h.camera.id)) : []),
    [result, selected],
  );
  const playFrom = result ? Date.parse(result.from) : 0;
  const playTo = result
    ? Math.min(Date.parse(result.to), playFrom + MAX_PLAYBACK_MS, Date.now())
    : 0;

  const open = (reason: PlaybackReason) => {
    if (!result || chosen.length === 0) return;
    void opening.run(async () => {
      const sources: SyncSource[] = [];
      for (const hit of chosen) {
        const created = await startPlayback({
          cameraId: hit.camera.id,
          from: new Date(playFrom).toISOString(),
          to: new Date(playTo).toISOString(),
          reason: reason.reason,
          caseRef: reason.caseRef || null,
        });
        sources.push({ hit, session: toPlayerSession(created) });
      }
      // Start where the first of them has footage, not in a stretch where none has.
      const firsts = sources
        .map((s) => s.session.segments.find((seg) => seg.to > playFrom)?.from)
        .filter((x): x is number => x !== undefined);
      const startAt = Math.max(playFrom, Math.min(...firsts, playTo));
      setMarks({ in: null, out: null });
      setSync({ sources, from: playFrom, to: playTo, startAt, reason });
      setAsking(false);
      window.setTimeout(() => syncRef.current?.scrollIntoView({ behavior: 'smooth' }), 50);
    });
  };

  const requestReason: PlaybackReason = r
    ? { reason: t('searchPage.reasonFromRequest', { number: r.number }), caseRef: r.number }
    : { reason: '', caseRef: '' };
  const point =
    draft.mode === 'point' && draft.lat !== null && draft.lon !== null
      ? { lat: draft.lat, lon: draft.lon, radiusM: draft.radiusM }
      : null;

  return (
    <>
      <PageHeader title={t('searchPage.title')} intro={t('searchPage.intro')} />
      {requestId ? (
        <div className="alert alert-info py-2" data-testid="search-request">
          {r ? (
            <>
              {t('searchPage.fromRequest', { number: r.number })}{' '}
              <Link to={`/richieste/${r.id}`}>{t('searchPage.backToRequest')}</Link>
              {r.window ? null : (
                <span className="d-block small">{t('searchPage.requestNoWindow')}</span>
              )}
            </>
          ) : (
            <Loading />
          )}
        </div>
      ) : null}
      <ErrorAlert error={request.error ?? cameras.error ?? settings.error} />
      <div className="row g-4">
        <div className="col-12 col-lg-4">
          <Panel as="section" aria-label={t('searchPage.formTitle')}>
            <SearchForm
              key={r?.id ?? 'blank'}
              draft={draft}
              cameras={cameras.data?.items ?? []}
              streets={streets.data?.items ?? []}
              pending={searching.pending}
              onChange={setDraft}
              onSubmit={() => search(draft)}
            />
          </Panel>
        </div>
        <div className="col-12 col-lg-8">
          {settings.data ? (
            <SearchMap
              settings={settings.data}
              cameras={cameras.data?.items ?? []}
              hits={result?.items ?? []}
              selected={selected}
              point={point}
              onPick={
                draft.mode === 'point' ? (lat, lon) => setDraft((d) => ({ ...d, lat, lon })) : null
              }
            />
          ) : (
            <Loading />
          )}
        </div>
      </div>

      <ErrorAlert error={searching.error} className="mt-4" />
      {searching.pending ? <Loading /> : null}
      {result ? (
        <Panel className="mt-4">
          <SearchResults
            result={result}
            selected={selected}
            preselected={preselected}
            onToggle={toggle}
            onPlay={() => {
              opening.clearError();
              setAsking(true);
            }}
          />
        </Panel>
      ) : null}

      <div ref={syncRef}>
        {sync ? (
          <Panel as="section" className="mt-4" aria-labelledby="sync-title">
            <div className="d-flex flex-wrap justify-content-between gap-2 mb-3">
              <div>
                <h2 className="h4 mb-1" id="sync-title">
                  {t('searchPage.sync.title', { count: sync.sources.length })}
                </h2>
                <p className="small text-secondary mb-0">
                  {formatClock(sync.from)} → {formatClock(sync.to)} ·{' '}
                  {t('recordings.reasonShown', { reason: sync.reason.reason })}
                </p>
              </div>
              <button
                type="button"
                className="btn btn-outline-secondary btn-sm align-self-start"
                onClick={() => setSync(null)}
              >
                {t('recordings.closePlayer')}
              </button>
            </div>
            <SyncPlayback
              key={sync.sources.map((s) => s.session.id).join(',')}
              sources={sync.sources}
              from={sync.from}
              to={sync.to}
              startAt={sync.startAt}
              marks={can('evidence.acquire') ? marks : null}
              onMark={
                can('evidence.acquire')
                  ? (which, wall) =>
                      setMarks((m) => ({ ...m, [which]: Math.round(wall / 1000) * 1000 }))
                  : null
              }
            />
            {can('evidence.acquire') ? (
              <AcquisitionPanel
                key={sync.sources.map((s) => s.session.id).join(',')}
                cameras={sync.sources.map((s) => s.hit.camera)}
                marks={marks}
                request={r ? { id: r.id, number: r.number } : null}
                initialReason={
                  r
                    ? t('searchPage.acquireReasonFromRequest', {
                        number: r.number,
                        subject: r.subject || t('searchPage.event'),
                      })
                    : sync.reason.reason
                }
                initialCaseRef={sync.reason.caseRef !== r?.number ? sync.reason.caseRef : ''}
              />
            ) : null}
          </Panel>
        ) : null}
      </div>

      <PlaybackDialog
        key={asking ? `open-${chosen.length}` : 'closed'}
        range={asking && result ? { from: playFrom, to: playTo } : null}
        cameraLabel={chosen.map((h) => h.camera.code).join(', ')}
        initial={sync?.reason ?? requestReason}
        pending={opening.pending}
        error={opening.error}
        onSubmit={open}
        onClose={() => setAsking(false)}
      />
    </>
  );
}
