import { Button } from 'design-react-kit';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField } from '../../../components/SelectField';
import { TextField } from '../../../components/TextField';
import { useAction } from '../../../hooks/useAction';
import { CameraDpiaInfo } from './CameraDpiaInfo';
import { useT } from '../../../i18n';
import {
  buildInput,
  draftOf,
  emptyDraft,
  fieldErrorsOf,
  parseDecimal,
  type CameraDraft,
  type FieldErrors,
} from './cameraForm';
import { LocationPicker } from './LocationPicker';
import { TextAreaField } from '../../../components/TextAreaField';
import type { Camera, CameraSettings } from './types';

interface CameraFormProps {
  /** The camera to change; absent for a new one. */
  camera?: Camera;
  settings: CameraSettings;
  /** Every camera, for the reference markers of the location map. */
  cameras: readonly Camera[];
  onSaved: (camera: Camera, created: boolean) => void;
  onCancel: () => void;
}

/** Create or change a camera: identity and place, stream, purpose and retention (C1, G1). */
export function CameraForm({ camera, settings, cameras, onSaved, onCancel }: CameraFormProps) {
  const t = useT();
  const action = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<CameraDraft>(() =>
    camera ? draftOf(camera) : emptyDraft(settings),
  );
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const errors: FieldErrors = { ...fieldErrorsOf(action.error), ...localErrors };

  const set =
    <K extends keyof CameraDraft>(key: K) =>
    (value: CameraDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  const days = Number(draft.retentionDays);
  const needsReason = Number.isFinite(days) && days > settings.retentionReasonAboveDays;
  const latitude = parseDecimal(draft.latitude);
  const longitude = parseDecimal(draft.longitude);
  const idPrefix = 'camera';

  // Move focus to the first field to correct, so that its message is read out.
  useEffect(() => {
    if (!action.error && Object.keys(localErrors).length === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [action.error, localErrors]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildInput(draft, settings, {
      invalidNumber: t('cameras.form.invalidNumber'),
      invalidInteger: t('cameras.form.invalidInteger'),
    });
    if ('errors' in built) {
      action.clearError();
      setLocalErrors(built.errors);
      return;
    }
    setLocalErrors({});
    void action.run(async () => {
      const saved = camera
        ? await unwrap(
            api.PUT('/api/cameras/{id}', {
              params: { path: { id: camera.id } },
              body: built.input,
            }),
          )
        : await unwrap(api.POST('/api/cameras', { body: built.input }));
      onSaved(saved, !camera);
    });
  };

  const title = camera ? t('cameras.editTitle', { code: camera.code }) : t('cameras.newCamera');

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      aria-labelledby="camera-form-title"
      data-testid="camera-form"
      className="vd-camera-form"
      noValidate
    >
      <h2 className="h4 mb-3" id="camera-form-title">
        {title}
      </h2>
      <ErrorAlert error={action.error} />

      <fieldset className="mb-4">
        <legend className="h5">{t('cameras.form.identity')}</legend>
        <div className="row">
          <TextField
            className="col-12 col-md-4"
            id={`${idPrefix}-code`}
            label={t('cameras.code')}
            hint={t('cameras.form.codeHint')}
            value={draft.code}
            onChange={set('code')}
            invalid={errors.code}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            required
          />
          <TextField
            className="col-12 col-md-8"
            id={`${idPrefix}-name`}
            label={t('cameras.name')}
            value={draft.name}
            onChange={set('name')}
            invalid={errors.name}
            autoComplete="off"
            required
          />
          <TextField
            className="col-12"
            id={`${idPrefix}-address`}
            label={t('cameras.address')}
            value={draft.address}
            onChange={set('address')}
            invalid={errors.address}
            autoComplete="off"
          />
        </div>
        <div className="row mt-2">
          <div className="col-12 col-lg-4">
            <TextField
              id={`${idPrefix}-latitude`}
              label={t('cameras.form.latitude')}
              value={draft.latitude}
              onChange={set('latitude')}
              invalid={errors.latitude}
              inputMode="decimal"
              autoComplete="off"
            />
            <TextField
              id={`${idPrefix}-longitude`}
              label={t('cameras.form.longitude')}
              value={draft.longitude}
              onChange={set('longitude')}
              invalid={errors.longitude}
              inputMode="decimal"
              autoComplete="off"
            />
            <p className="small text-secondary">{t('cameras.form.coordsHint')}</p>
          </div>
          <div className="col-12 col-lg-8 mt-4">
            <LocationPicker
              latitude={typeof latitude === 'number' ? latitude : null}
              longitude={typeof longitude === 'number' ? longitude : null}
              others={cameras.filter((c) => c.id !== camera?.id)}
              settings={settings}
              onPick={(lat, lon) =>
                setDraft((d) => ({ ...d, latitude: String(lat), longitude: String(lon) }))
              }
            />
          </div>
        </div>
      </fieldset>

      <fieldset className="mb-4">
        <legend className="h5">{t('cameras.form.streamSection')}</legend>
        <div className="row">
          <TextField
            className="col-12"
            id={`${idPrefix}-main-url`}
            label={t('cameras.form.mainUrl')}
            hint={t('cameras.form.mainUrlHint')}
            value={draft.mainUrl}
            onChange={set('mainUrl')}
            invalid={errors.mainUrl}
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            required
          />
          <TextField
            className="col-12"
            id={`${idPrefix}-sub-url`}
            label={t('cameras.form.subUrl')}
            hint={t('cameras.form.subUrlHint')}
            value={draft.subUrl}
            onChange={set('subUrl')}
            invalid={errors.subUrl}
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            className="col-12 col-md-6"
            id={`${idPrefix}-username`}
            label={t('cameras.form.username')}
            value={draft.username}
            onChange={set('username')}
            invalid={errors.username}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
          />
          <div className="col-12 col-md-6">
            <TextField
              id={`${idPrefix}-password`}
              type="password"
              label={t('cameras.form.password')}
              hint={camera?.hasPassword ? t('cameras.form.passwordHint') : undefined}
              placeholder={
                camera?.hasPassword && !draft.removePassword
                  ? t('cameras.form.passwordKeep')
                  : undefined
              }
              value={draft.password}
              onChange={set('password')}
              invalid={errors.password}
              disabled={draft.removePassword}
              autoComplete="new-password"
            />
            {camera?.hasPassword ? (
              <div className="form-check mt-2">
                <input
                  id={`${idPrefix}-remove-password`}
                  type="checkbox"
                  checked={draft.removePassword}
                  onChange={(event) => {
                    const checked = event.target.checked;
                    setDraft((d) => ({ ...d, removePassword: checked, password: '' }));
                  }}
                />
                <label htmlFor={`${idPrefix}-remove-password`}>
                  {t('cameras.form.removePassword')}
                </label>
              </div>
            ) : null}
          </div>
          <div className="col-12 mt-3">
            <div className="form-check">
              <input
                id={`${idPrefix}-enabled`}
                type="checkbox"
                checked={draft.enabled}
                onChange={(event) => set('enabled')(event.target.checked)}
              />
              <label htmlFor={`${idPrefix}-enabled`}>{t('cameras.form.enabled')}</label>
            </div>
          </div>
        </div>
      </fieldset>

      <fieldset className="mb-4">
        <legend className="h5">{t('cameras.form.treatment')}</legend>
        <div className="row">
          <div className="col-12 col-md-6">
            <SelectField
              // Level with the text fields, whose group carries the top margin.
              className="mt-4"
              id={`${idPrefix}-purpose`}
              label={t('cameras.purpose')}
              value={draft.purpose}
              onChange={(value) => {
                const purpose = settings.purposes.find((p) => p === value);
                if (purpose) set('purpose')(purpose);
              }}
              options={settings.purposes.map((p) => ({
                value: p,
                label: t(`cameras.purposes.${p}`),
              }))}
              aria-invalid={errors.purpose ? true : undefined}
              required
            />
            {errors.purpose ? (
              <div className="invalid-feedback d-block" role="alert">
                {errors.purpose}
              </div>
            ) : null}
          </div>
          <TextField
            className="col-12 col-md-6"
            id={`${idPrefix}-retention-days`}
            type="number"
            min={1}
            max={settings.retentionMaxDays}
            step={1}
            label={t('cameras.form.retentionDays')}
            hint={t('cameras.form.retentionHint', {
              max: settings.retentionMaxDays,
              days: settings.retentionReasonAboveDays,
              hours: settings.retentionReasonAboveDays * 24,
            })}
            value={draft.retentionDays}
            onChange={set('retentionDays')}
            invalid={errors.retentionDays}
            required
          />
          {needsReason ? (
            <TextAreaField
              className="col-12"
              id={`${idPrefix}-retention-reason`}
              label={t('cameras.form.retentionReason')}
              hint={t('cameras.form.retentionReasonHint', {
                hours: settings.retentionReasonAboveDays * 24,
              })}
              value={draft.retentionReason}
              onChange={set('retentionReason')}
              invalid={errors.retentionReason}
              required
            />
          ) : null}
          <TextField
            className="col-12 col-md-6"
            id={`${idPrefix}-dpia`}
            label={t('cameras.form.dpiaRef')}
            hint={t('cameras.form.dpiaHint')}
            value={draft.dpiaRef}
            onChange={set('dpiaRef')}
            invalid={errors.dpiaRef}
            autoComplete="off"
          />
          {camera ? <CameraDpiaInfo cameraId={camera.id} /> : null}
          <TextField
            className="col-12 col-md-6"
            id={`${idPrefix}-groups`}
            label={t('cameras.form.groups')}
            hint={t('cameras.form.groupsHint')}
            value={draft.groups}
            onChange={set('groups')}
            invalid={errors.groups}
            autoComplete="off"
          />
          <TextAreaField
            className="col-12"
            id={`${idPrefix}-notes`}
            label={t('cameras.form.notes')}
            value={draft.notes}
            onChange={set('notes')}
            invalid={errors.notes}
          />
        </div>
      </fieldset>

      <div className="d-flex gap-2">
        <Button type="submit" color="primary" disabled={action.pending}>
          {t('cameras.form.save')}
        </Button>
        <Button type="button" color="secondary" outline onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
