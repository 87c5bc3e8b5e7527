import { Badge, Button } from 'design-react-kit';
import { formatDuration, formatTimeOfDay } from '../../components/timeline/rome';
import { useT } from '../../i18n';
import { AvailabilityBar, AvailabilityLegend } from './AvailabilityBar';
import type { SearchHit, SearchResult } from './searchApi';
import { MAX_SYNC } from './selection';

interface SearchResultsProps {
  result: SearchResult;
  selected: ReadonlySet<string>;
  onToggle: (cameraId: string, checked: boolean) => void;
  onPlay: () => void;
  /** How many cameras were preselected for a search opened from a request; null: none was. */
  preselected?: number | null;
}

const SUMMARY_BADGE: Record<SearchHit['summary'], string> = {
  complete: 'success',
  partial: 'warning',
  none: 'secondary',
  expired: 'danger',
};

/** The cameras found, nearest first, each with its availability bar and a frame. */
export function SearchResults({
  result,
  selected,
  onToggle,
  onPlay,
  preselected = null,
}: SearchResultsProps) {
  const t = useT();
  const from = Date.parse(result.from);
  const to = Date.parse(result.to);
  const playable = (h: SearchHit) => h.totals.recordedMs > 0;
  return (
    <section aria-labelledby="search-results-title" data-testid="search-results">
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
        <div>
          <h2 className="h4 mb-1" id="search-results-title">
            {t('searchPage.results', { count: result.items.length })}
          </h2>
          <p className="small text-secondary mb-0" data-testid="search-explanation">
            {result.explanation}
          </p>
        </div>
        <div className="d-flex align-items-center gap-2">
          <span className="small text-secondary">
            {t('searchPage.selected', { count: selected.size, max: MAX_SYNC })}
          </span>
          <Button
            color="primary"
            disabled={selected.size === 0}
            onClick={onPlay}
            data-testid="search-play"
          >
            {selected.size > 1 ? t('searchPage.playTogether') : t('searchPage.play')}
          </Button>
        </div>
      </div>
      {preselected !== null && result.items.length > 0 ? (
        <p
          className={`small mb-2 ${preselected > 0 ? 'text-secondary' : 'text-warning-emphasis'}`}
          data-testid="search-preselected"
        >
          {preselected > 0
            ? t(
                result.place.kind === 'cameras'
                  ? 'searchPage.preselectedListed'
                  : 'searchPage.preselected',
                { count: preselected, max: MAX_SYNC },
              )
            : t('searchPage.preselectedNone')}
        </p>
      ) : null}
      <AvailabilityLegend />
      {result.items.length === 0 ? (
        <p className="lead text-secondary mt-3">{t('searchPage.noResults')}</p>
      ) : (
        <ol className="list-unstyled mt-3 mb-0">
          {result.items.map((h, index) => {
            const checked = selected.has(h.camera.id);
            const full = !checked && selected.size >= MAX_SYNC;
            const inputId = `pick-${h.camera.id}`;
            return (
              <li
                key={h.camera.id}
                className={`vd-hit${checked ? ' vd-hit-selected' : ''}`}
                data-testid="search-hit"
                data-code={h.camera.code}
                data-summary={h.summary}
              >
                <div className="vd-hit-thumb">
                  {h.thumbnail ? (
                    <img
                      src={h.thumbnail.url}
                      alt={t('searchPage.thumbAlt', {
                        camera: h.camera.code,
                        time: formatTimeOfDay(Date.parse(h.thumbnail.at), true),
                      })}
                      loading="lazy"
                      width={192}
                      height={108}
                    />
                  ) : (
                    <span className="vd-hit-nothumb">{t('searchPage.noThumb')}</span>
                  )}
                </div>
                <div className="vd-hit-body">
                  <div className="d-flex flex-wrap align-items-start gap-2">
                    <div className="form-check m-0">
                      <input
                        id={inputId}
                        type="checkbox"
                        className="form-check-input"
                        checked={checked}
                        disabled={full || !playable(h)}
                        onChange={(e) => onToggle(h.camera.id, e.target.checked)}
                      />
                      <label htmlFor={inputId} className="fw-semibold mb-0">
                        {index + 1}. {h.camera.code} — {h.camera.name}
                      </label>
                    </div>
                    <Badge color={SUMMARY_BADGE[h.summary]}>
                      {t(`searchPage.summary.${h.summary}`)}
                    </Badge>
                    {h.camera.demo ? <Badge color="secondary">Demo</Badge> : null}
                    {h.holds.length > 0 ? (
                      <Badge color="primary">
                        {t('searchPage.holdsCount', { count: h.holds.length })}
                      </Badge>
                    ) : null}
                    <span className="ms-auto small text-secondary text-end">
                      {h.distanceM !== null
                        ? t('searchPage.distance', { meters: h.distanceM })
                        : t(`searchPage.match.${h.match}`)}
                    </span>
                  </div>
                  <p className="small text-secondary mb-1">{h.camera.address}</p>
                  <AvailabilityBar
                    from={from}
                    to={to}
                    bands={h.bands}
                    holds={h.holds}
                    label={t('searchPage.availabilityOf', { camera: h.camera.code })}
                  />
                  <p className="small mb-0 mt-1">
                    {t('searchPage.totals', {
                      recorded: formatDuration(h.totals.recordedMs),
                      past: formatDuration(
                        h.totals.recordedMs + h.totals.gapMs + h.totals.expiredMs,
                      ),
                    })}
                    {h.summary === 'expired' || h.totals.expiredMs > 0
                      ? ` · ${t('searchPage.retention', { days: h.retentionDays })}`
                      : ''}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
