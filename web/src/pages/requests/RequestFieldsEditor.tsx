import { Button } from 'design-react-kit';
import { useId } from 'react';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { useT } from '../../i18n';
import type { Camera, CameraSettings } from '../admin/cameras/types';
import { PlaceMap } from './PlaceMap';
import {
  EVENT_TYPES,
  REFERENCE_KINDS,
  REQUESTER_TYPES,
  NO_FIELD_ERRORS,
  type EventType,
  type FieldErrors,
  type ReferenceKind,
  type RequestDraft,
  type RequesterType,
} from './requestForm';
import { useStreetSuggestions } from './useStreetSuggestions';

interface RequestFieldsEditorProps {
  draft: RequestDraft;
  onChange: (draft: RequestDraft) => void;
  cameras: readonly Camera[];
  mapSettings: CameraSettings | undefined;
  /** The officer's own form: requester details are theirs, fewer fields. */
  showRequester?: boolean;
  /** Messages to show under the fields (the server's refusal, or the page's own checks). */
  errors?: FieldErrors;
}

/** The fields of a request (requester, event, window, place with map, references). */
export function RequestFieldsEditor({
  draft,
  onChange,
  cameras,
  mapSettings,
  showRequester = true,
  errors = NO_FIELD_ERRORS,
}: RequestFieldsEditorProps) {
  const t = useT();
  const e = errors.fields;
  const listId = `streets-${useId().replace(/:/g, '')}`;
  const streets = useStreetSuggestions(draft.street);
  const set = (patch: Partial<RequestDraft>) => onChange({ ...draft, ...patch });
  const setRequester = (patch: Partial<RequestDraft['requester']>) =>
    set({ requester: { ...draft.requester, ...patch } });

  const onStreet = (value: string) => {
    const known = streets.find((s) => s.name.toLowerCase() === value.toLowerCase());
    if (known && known.lat !== null && known.lon !== null && draft.lat === null) {
      set({ street: value, lat: known.lat, lon: known.lon });
    } else set({ street: value });
  };

  return (
    <>
      {showRequester ? (
        <fieldset className="mb-3">
          <legend className="h6 mb-4">{t('requestOps.form.requesterSection')}</legend>
          <div className="row">
            <div className="col-md-4">
              <SelectField
                label={t('requestOps.form.requesterType')}
                invalid={e['requester.type']}
                value={draft.requester.type}
                options={REQUESTER_TYPES.map((v) => ({
                  value: v,
                  label: t(`requests.requesterTypes.${v}`),
                }))}
                onChange={(v) => setRequester({ type: v as RequesterType })}
              />
            </div>
            <div className="col-md-4">
              <TextField
                label={t('requestOps.form.name')}
                invalid={e['requester.name']}
                value={draft.requester.name}
                onChange={(name) => setRequester({ name })}
              />
            </div>
            <div className="col-md-4">
              <TextField
                label={t('requestOps.form.rank')}
                invalid={e['requester.rank']}
                value={draft.requester.rank}
                onChange={(rank) => setRequester({ rank })}
              />
            </div>
            <div className="col-md-3">
              <TextField
                label={t('requestOps.form.badge')}
                invalid={e['requester.badge']}
                value={draft.requester.badge}
                onChange={(badge) => setRequester({ badge })}
              />
            </div>
            <div className="col-md-3">
              <TextField
                label={t('requestOps.form.unit')}
                invalid={e['requester.unit']}
                value={draft.requester.unit}
                onChange={(unit) => setRequester({ unit })}
              />
            </div>
            <div className="col-md-3">
              <TextField
                label={t('requestOps.form.phone')}
                invalid={e['requester.phone']}
                type="tel"
                value={draft.requester.phone}
                onChange={(phone) => setRequester({ phone })}
              />
            </div>
            <div className="col-md-3">
              <TextField
                label={t('requestOps.form.email')}
                invalid={e['requester.email']}
                type="email"
                value={draft.requester.email}
                onChange={(email) => setRequester({ email })}
              />
            </div>
          </div>
        </fieldset>
      ) : null}

      <fieldset className="mb-3">
        <legend className="h6 mb-4">{t('requestOps.form.eventSection')}</legend>
        <div className="row">
          <div className="col-md-4">
            <SelectField
              label={t('requests.eventType')}
              invalid={e.eventType}
              value={draft.eventType}
              placeholder={t('requests.chooseState')}
              options={EVENT_TYPES.map((v) => ({ value: v, label: t(`requests.eventTypes.${v}`) }))}
              onChange={(v) => set({ eventType: v as EventType | '' })}
            />
          </div>
          <div className="col-md-4">
            <TextField
              label={t('requestOps.form.from')}
              invalid={e.from}
              type="datetime-local"
              value={draft.from}
              onChange={(from) => set({ from })}
            />
          </div>
          <div className="col-md-4">
            <TextField
              label={t('requestOps.form.to')}
              type="datetime-local"
              value={draft.to}
              invalid={e.to}
              onChange={(to) => set({ to })}
            />
          </div>
        </div>
        <TextField
          label={t('requestOps.form.subject')}
          invalid={e.subject}
          value={draft.subject}
          maxLength={300}
          onChange={(subject) => set({ subject })}
        />
        <TextAreaField
          label={t('requestOps.form.description')}
          invalid={e.description}
          value={draft.description}
          rows={3}
          onChange={(description) => set({ description })}
        />
        <div className="form-check mb-3">
          <input
            id="request-urgent"
            type="checkbox"
            checked={draft.urgent}
            onChange={(event) => set({ urgent: event.target.checked })}
          />
          <label htmlFor="request-urgent">{t('requestOps.form.urgent')}</label>
        </div>
      </fieldset>

      <fieldset className="mb-3">
        <legend className="h6 mb-4">{t('requestOps.form.placeSection')}</legend>
        <div className="row">
          <div className="col-md-6">
            <TextField
              label={t('requestOps.form.street')}
              invalid={e.street}
              value={draft.street}
              list={listId}
              autoComplete="off"
              hint={t('requestOps.form.streetHint')}
              onChange={onStreet}
            />
            <datalist id={listId}>
              {streets.map((s) => (
                <option key={s.key} value={s.name} />
              ))}
            </datalist>
          </div>
          <div className="col-md-2">
            <TextField
              label={t('requestOps.form.number')}
              invalid={e.number}
              value={draft.number}
              onChange={(number) => set({ number })}
            />
          </div>
          <div className="col-md-4">
            <TextField
              label={t('requestOps.form.crossStreet')}
              invalid={e.crossStreet}
              value={draft.crossStreet}
              list={listId}
              onChange={(crossStreet) => set({ crossStreet })}
            />
          </div>
          <div className="col-md-6">
            <TextField
              label={t('requestOps.form.landmark')}
              invalid={e.landmark}
              value={draft.landmark}
              onChange={(landmark) => set({ landmark })}
            />
          </div>
          <div className="col-md-3">
            <TextField
              label={t('requestOps.form.latitude')}
              invalid={e.lat}
              value={draft.lat === null ? '' : String(draft.lat)}
              inputMode="decimal"
              onChange={(v) => set({ lat: v.trim() && !isNaN(Number(v)) ? Number(v) : null })}
            />
          </div>
          <div className="col-md-3">
            <TextField
              label={t('requestOps.form.longitude')}
              invalid={e.lon}
              value={draft.lon === null ? '' : String(draft.lon)}
              inputMode="decimal"
              onChange={(v) => set({ lon: v.trim() && !isNaN(Number(v)) ? Number(v) : null })}
            />
          </div>
        </div>
        {mapSettings ? (
          <PlaceMap
            lat={draft.lat}
            lon={draft.lon}
            cameras={cameras}
            settings={mapSettings}
            onPick={(lat, lon) => set({ lat, lon })}
          />
        ) : null}
      </fieldset>

      <fieldset className="mb-3">
        <legend className="h6 mb-4">{t('requestOps.form.referencesSection')}</legend>
        {draft.references.map((ref, index) => (
          <div className="row align-items-start" key={index} data-testid="reference-row">
            <div className="col-md-4">
              <SelectField
                label={t('requestOps.form.referenceKind')}
                value={ref.kind}
                options={REFERENCE_KINDS.map((v) => ({
                  value: v,
                  label: t(`requestOps.referenceKinds.${v}`),
                }))}
                onChange={(v) =>
                  set({
                    references: draft.references.map((r, i) =>
                      i === index ? { ...r, kind: v as ReferenceKind } : r,
                    ),
                  })
                }
              />
            </div>
            <div className="col-md-5">
              <TextField
                label={t('requestOps.form.referenceNumber')}
                invalid={errors.references[index]}
                value={ref.number}
                onChange={(number) =>
                  set({
                    references: draft.references.map((r, i) =>
                      i === index ? { ...r, number } : r,
                    ),
                  })
                }
              />
            </div>
            <div className="col-md-3 pt-4">
              <Button
                color="secondary"
                outline
                size="sm"
                onClick={() => set({ references: draft.references.filter((_, i) => i !== index) })}
              >
                {t('requestOps.form.removeReference')}
              </Button>
            </div>
          </div>
        ))}
        <Button
          color="primary"
          outline
          size="sm"
          onClick={() =>
            set({ references: [...draft.references, { kind: 'verbale', number: '' }] })
          }
        >
          {t('requestOps.form.addReference')}
        </Button>
      </fieldset>
    </>
  );
}
