import { Button } from 'design-react-kit';
import { useMemo, useState, type FormEvent } from 'react';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { DAY, HOUR, toRomeLocalInput } from '../../components/timeline/rome';
import { useT } from '../../i18n';
import { romeLocalToIso } from '../../lib/format';
import {
  RADII_M,
  type PlaceMode,
  type SearchCamera,
  type SearchDraft,
  type StreetEntry,
} from './searchApi';

interface SearchFormProps {
  draft: SearchDraft;
  cameras: readonly SearchCamera[];
  streets: readonly StreetEntry[];
  pending: boolean;
  onChange: (draft: SearchDraft) => void;
  onSubmit: () => void;
}

const MODES: readonly PlaceMode[] = ['point', 'street', 'cameras'];

/** Place (map point and radius, street, or cameras) and window, in Italian time. */
export function SearchForm({
  draft,
  cameras,
  streets,
  pending,
  onChange,
  onSubmit,
}: SearchFormProps) {
  const t = useT();
  const [filter, setFilter] = useState('');
  const [fromText, setFromText] = useState(() => toRomeLocalInput(draft.from));
  const [toText, setToText] = useState(() => toRomeLocalInput(draft.to));
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<SearchDraft>) => onChange({ ...draft, ...patch });

  // A window changed from outside (a request, a quick button) shows in the inputs.
  const [shown, setShown] = useState({ from: draft.from, to: draft.to });
  if (shown.from !== draft.from || shown.to !== draft.to) {
    setShown({ from: draft.from, to: draft.to });
    setFromText(toRomeLocalInput(draft.from));
    setToText(toRomeLocalInput(draft.to));
  }

  const visibleCameras = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q
      ? cameras.filter((c) => `${c.code} ${c.name} ${c.address}`.toLowerCase().includes(q))
      : cameras;
  }, [cameras, filter]);

  const setWindowText = (which: 'from' | 'to', text: string) => {
    if (which === 'from') setFromText(text);
    else setToText(text);
    const iso = romeLocalToIso(text);
    if (iso) {
      const value = Date.parse(iso);
      setShown((s) => ({ ...s, [which]: value }));
      set({ [which]: value });
    }
  };

  const quick = (span: number) => {
    const now = Date.now();
    set({ from: now - span, to: now });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!romeLocalToIso(fromText) || !romeLocalToIso(toText) || draft.to <= draft.from) {
      setProblem(t('searchPage.errorWindow'));
      return;
    }
    if (draft.mode === 'point' && (draft.lat === null || draft.lon === null)) {
      setProblem(t('searchPage.errorPoint'));
      return;
    }
    if (draft.mode === 'street' && draft.street.trim().length < 2) {
      setProblem(t('searchPage.errorStreet'));
      return;
    }
    if (draft.mode === 'cameras' && draft.cameraIds.length === 0) {
      setProblem(t('searchPage.errorCameras'));
      return;
    }
    setProblem(null);
    onSubmit();
  };

  return (
    <form onSubmit={submit} data-testid="search-form" noValidate>
      <fieldset className="mb-3">
        <legend className="h6 mb-2">{t('searchPage.place')}</legend>
        <div className="d-flex flex-wrap gap-3">
          {MODES.map((mode) => (
            <div className="form-check form-check-inline m-0" key={mode}>
              <input
                type="radio"
                name="search-mode"
                id={`search-mode-${mode}`}
                checked={draft.mode === mode}
                onChange={() => set({ mode })}
              />
              <label htmlFor={`search-mode-${mode}`}>{t(`searchPage.modes.${mode}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>

      {draft.mode === 'point' ? (
        <div className="mb-2">
          <p className="small mb-2" data-testid="search-point">
            {draft.lat !== null && draft.lon !== null
              ? t('searchPage.pointAt', {
                  lat: draft.lat.toFixed(5),
                  lon: draft.lon.toFixed(5),
                })
              : t('searchPage.pointNone')}
          </p>
          <SelectField
            id="search-radius"
            label={t('searchPage.radius')}
            value={String(draft.radiusM)}
            options={RADII_M.map((r) => ({ value: String(r), label: `${r} m` }))}
            onChange={(v) => set({ radiusM: Number(v) })}
          />
        </div>
      ) : null}

      {draft.mode === 'street' ? (
        <div className="mb-2">
          <TextField
            id="search-street"
            label={t('searchPage.street')}
            value={draft.street}
            onChange={(street) => set({ street })}
            list="search-streets"
            autoComplete="off"
            hint={t('searchPage.streetHint')}
          />
          <TextField
            id="search-cross"
            label={t('searchPage.crossStreet')}
            value={draft.crossStreet}
            onChange={(crossStreet) => set({ crossStreet })}
            list="search-streets"
            autoComplete="off"
          />
          <datalist id="search-streets">
            {streets.map((s) => (
              <option key={s.street} value={s.street} />
            ))}
          </datalist>
        </div>
      ) : null}

      {draft.mode === 'cameras' ? (
        <div className="mb-3">
          <TextField
            id="search-camera-filter"
            label={t('searchPage.filterCameras')}
            value={filter}
            onChange={setFilter}
            autoComplete="off"
          />
          <div className="vd-camera-picklist" role="group" aria-label={t('searchPage.cameras')}>
            {visibleCameras.map((c) => {
              const id = `search-cam-${c.id}`;
              return (
                <div className="form-check my-1" key={c.id}>
                  <input
                    id={id}
                    type="checkbox"
                    className="form-check-input"
                    checked={draft.cameraIds.includes(c.id)}
                    onChange={(e) =>
                      set({
                        cameraIds: e.target.checked
                          ? [...draft.cameraIds, c.id]
                          : draft.cameraIds.filter((x) => x !== c.id),
                      })
                    }
                  />
                  <label htmlFor={id} className="small">
                    <strong>{c.code}</strong> {c.name}
                  </label>
                </div>
              );
            })}
          </div>
        </div>
      ) : null}

      <fieldset>
        <legend className="h6 mb-2">{t('searchPage.window')}</legend>
        <TextField
          id="search-from"
          type="datetime-local"
          label={t('searchPage.from')}
          value={fromText}
          onChange={(v) => setWindowText('from', v)}
          required
        />
        <TextField
          id="search-to"
          type="datetime-local"
          label={t('searchPage.to')}
          value={toText}
          onChange={(v) => setWindowText('to', v)}
          required
        />
        <div className="d-flex flex-wrap gap-2 mb-3">
          <Button type="button" size="xs" color="secondary" outline onClick={() => quick(HOUR)}>
            {t('searchPage.lastHour')}
          </Button>
          <Button type="button" size="xs" color="secondary" outline onClick={() => quick(6 * HOUR)}>
            {t('searchPage.last6Hours')}
          </Button>
          <Button type="button" size="xs" color="secondary" outline onClick={() => quick(DAY)}>
            {t('searchPage.lastDay')}
          </Button>
        </div>
        <p className="small text-secondary">{t('searchPage.timeZone')}</p>
      </fieldset>
      {problem ? (
        <p className="text-danger small" role="alert">
          {problem}
        </p>
      ) : null}
      <Button type="submit" color="primary" className="w-100" disabled={pending}>
        {t('searchPage.submit')}
      </Button>
    </form>
  );
}
