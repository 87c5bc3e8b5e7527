import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import { toRomeLocalInput } from '../../components/timeline/rome';
import { useAction } from '../../hooks/useAction';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { useT } from '../../i18n';
import { romeLocalToIso } from '../../lib/format';
import type { Camera, Hold } from './recordingsApi';
import { TextAreaField } from '../../components/TextAreaField';

export interface HoldDraft {
  cameraIds: string[];
  /** Epoch milliseconds. */
  from: number;
  to: number;
}

interface NewHoldFormProps {
  cameras: readonly Camera[];
  initial: HoldDraft;
  onCreated: (hold: Hold) => void;
  onCancel: () => void;
}

/** A new preservation hold: cameras, window (Italian time), reason, protocol, expiry. */
export function NewHoldForm({ cameras, initial, onCreated, onCancel }: NewHoldFormProps) {
  const t = useT();
  const action = useAction();
  const fields = useFieldErrors(action.error, action.clearError);
  const [cameraIds, setCameraIds] = useState<ReadonlySet<string>>(new Set(initial.cameraIds));
  const [from, setFrom] = useState(toRomeLocalInput(initial.from));
  const [to, setTo] = useState(toRomeLocalInput(initial.to));
  const [reason, setReason] = useState('');
  const [caseRef, setCaseRef] = useState('');
  const [expiresAt, setExpiresAt] = useState('');

  const toggle = (id: string, checked: boolean) =>
    setCameraIds((current) => {
      const next = new Set(current);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fromIso = romeLocalToIso(from);
    const toIso = romeLocalToIso(to);
    const expiresIso = expiresAt ? romeLocalToIso(expiresAt) : null;
    const ok = fields.check({
      cameraIds: cameraIds.size === 0 && t('holds.errorNoCamera'),
      from: !fromIso && fields.required,
      to:
        (!toIso && fields.required) ||
        (fromIso && toIso && Date.parse(toIso) <= Date.parse(fromIso) && t('holds.errorWindow')),
      reason: !reason.trim() && fields.required,
      expiresAt: expiresAt && !expiresIso && t('holds.errorExpiry'),
    });
    if (!ok || !fromIso || !toIso) return;
    void action.run(async () => {
      const hold = await unwrap(
        api.POST('/api/holds', {
          body: {
            cameraIds: [...cameraIds],
            from: fromIso,
            to: toIso,
            reason: reason.trim(),
            caseRef: caseRef.trim() || null,
            expiresAt: expiresIso ?? null,
          },
        }),
      );
      onCreated(hold);
    });
  };

  return (
    <form
      ref={fields.formRef}
      onSubmit={submit}
      aria-labelledby="new-hold-title"
      data-testid="new-hold-form"
      noValidate
    >
      <h2 className="h4 mb-3" id="new-hold-title">
        {t('holds.newHold')}
      </h2>
      <ErrorAlert error={action.error} />
      <fieldset className="mb-4">
        <legend className="h6">{t('holds.cameras')}</legend>
        <div className="vd-hold-picker">
          {cameras.map((camera) => (
            <div className="form-check my-1" key={camera.id}>
              <input
                id={`hold-camera-${camera.id}`}
                type="checkbox"
                checked={cameraIds.has(camera.id)}
                aria-invalid={fields.of('cameraIds') ? true : undefined}
                onChange={(event) => toggle(camera.id, event.target.checked)}
              />
              <label htmlFor={`hold-camera-${camera.id}`}>
                <strong>{camera.code}</strong> — {camera.name}
              </label>
            </div>
          ))}
        </div>
        {fields.of('cameraIds') ? (
          <div className="invalid-feedback d-block" role="alert">
            {fields.of('cameraIds')}
          </div>
        ) : null}
      </fieldset>
      <div className="row">
        <TextField
          className="col-12 col-md-6"
          id="new-hold-from"
          type="datetime-local"
          label={t('holds.fromField')}
          hint={t('holds.romeTime')}
          value={from}
          onChange={setFrom}
          invalid={fields.of('from')}
          required
        />
        <TextField
          className="col-12 col-md-6"
          id="new-hold-to"
          type="datetime-local"
          label={t('holds.toField')}
          hint={t('holds.romeTime')}
          value={to}
          onChange={setTo}
          invalid={fields.of('to')}
          required
        />
      </div>
      <TextAreaField
        id="new-hold-reason"
        label={t('holds.reasonField')}
        hint={t('holds.reasonHint')}
        value={reason}
        onChange={setReason}
        invalid={fields.of('reason')}
        required
        minLength={5}
        maxLength={2000}
      />
      <div className="row">
        <TextField
          className="col-12 col-md-6"
          id="new-hold-case-ref"
          label={t('holds.caseRef')}
          value={caseRef}
          onChange={setCaseRef}
          invalid={fields.of('caseRef')}
          maxLength={200}
          autoComplete="off"
        />
        <TextField
          className="col-12 col-md-6"
          id="new-hold-expires"
          type="datetime-local"
          label={t('holds.expiresField')}
          hint={t('holds.expiresHint')}
          value={expiresAt}
          onChange={setExpiresAt}
          invalid={fields.of('expiresAt')}
        />
      </div>
      <div className="d-flex gap-2">
        <Button type="submit" color="primary" disabled={action.pending}>
          {t('holds.place')}
        </Button>
        <Button type="button" color="secondary" outline onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
