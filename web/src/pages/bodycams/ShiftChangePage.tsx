import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { useT } from '../../i18n';
import { useFormat } from '../../lib/format';
import {
  addDevice,
  checkIn,
  checkOut,
  loadPartnerCommands,
  loadDevices,
  loadOfficers,
  setDeviceStatus,
  type Device,
  type OfficerTraining,
} from './bodycamsApi';
import { loadDisciplinareVersions } from './disciplinareApi';
import { UploadIssuesPanel } from './UploadIssuesPanel';

const STATUS_BADGE: Record<Device['status'], string> = {
  available: 'bg-success',
  issued: 'bg-primary',
  charging: 'bg-info text-dark',
  fault: 'bg-danger',
  retired: 'bg-secondary',
};

function matches(o: OfficerTraining, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return o.displayName.toLowerCase().includes(needle) || o.username.toLowerCase().includes(needle);
}

/** Consegna e riconsegna: the shift-change screen of the issuing register (B1). */
export function ShiftChangePage() {
  const t = useT();
  const fmt = useFormat();
  const devices = useApi((signal) => loadDevices(signal), []);
  const officers = useApi((signal) => loadOfficers(signal), []);
  // A warning only: issuing is not blocked while the disciplinare awaits approval.
  const disciplinare = useApi((signal) => loadDisciplinareVersions(signal), []);
  const draft =
    disciplinare.data?.current.status === 'da_approvare' ? disciplinare.data.current : null;
  const reload = () => {
    devices.reload();
    officers.reload();
  };

  // Check-out
  const serialRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [serial, setSerial] = useState('');
  const [query, setQuery] = useState('');
  const [officerId, setOfficerId] = useState<string | null>(null);
  const [partner, setPartner] = useState('');
  const partners = useApi((s) => loadPartnerCommands(s), []);
  const [outDone, setOutDone] = useState<string | null>(null);
  const [outMissing, setOutMissing] = useState(false);
  const out = useAction();
  const outFields = useFieldErrors(out.error, out.clearError);

  const found = useMemo(
    () => (officers.data ?? []).filter((o) => matches(o, query)),
    [officers.data, query],
  );
  const chosen = (officers.data ?? []).find((o) => o.userId === officerId) ?? null;

  const submitOut = async (who: OfficerTraining | null = chosen) => {
    setOutDone(null);
    setOutMissing(false);
    if (!outFields.check({ serial: !serial.trim() && outFields.required })) return;
    if (!who) {
      setOutMissing(true);
      searchRef.current?.focus();
      return;
    }
    const issue = await out.run(() =>
      checkOut({
        serial: serial.trim(),
        officer: who.userId,
        ...(partner.trim() ? { partnerCommand: partner.trim() } : {}),
      }),
    );
    if (issue) {
      setOutDone(t('bodycams.shift.issued', { serial: issue.serial, officer: issue.officerName }));
      setSerial('');
      setQuery('');
      setOfficerId(null);
      setPartner('');
      reload();
      serialRef.current?.focus();
    }
  };

  // Check-in
  const inRef = useRef<HTMLInputElement>(null);
  const [inSerial, setInSerial] = useState('');
  const [inStatus, setInStatus] = useState<'charging' | 'available' | 'fault'>('charging');
  const [inNotes, setInNotes] = useState('');
  const [inDone, setInDone] = useState<string | null>(null);
  const inn = useAction();
  const inFields = useFieldErrors(inn.error, inn.clearError);
  const submitIn = async (event: FormEvent) => {
    event.preventDefault();
    setInDone(null);
    if (!inFields.check({ serial: !inSerial.trim() && inFields.required })) return;
    const issue = await inn.run(() =>
      checkIn({
        serial: inSerial.trim(),
        status: inStatus,
        ...(inNotes.trim() ? { notes: inNotes.trim() } : {}),
      }),
    );
    if (issue) {
      setInDone(t('bodycams.shift.returned', { serial: issue.serial, officer: issue.officerName }));
      setInSerial('');
      setInNotes('');
      setInStatus('charging');
      reload();
      inRef.current?.focus();
    }
  };

  return (
    <>
      <PageHeader title={t('bodycams.shift.title')} intro={t('bodycams.shift.intro')} />
      {draft ? (
        <Notice kind="warning" title={t('bodycams.shift.draftTitle')} className="mb-4">
          <p className="mb-1" data-testid="disciplinare-draft-warning">
            {t('bodycams.shift.draftBody', { n: draft.number, title: draft.title })}
          </p>
          <Link to="/bodycam/disciplinare">{t('bodycams.shift.draftLink')}</Link>
        </Notice>
      ) : null}
      <div className="row g-4 mb-4">
        <div className="col-lg-7">
          <Panel as="section" aria-labelledby="bc-checkout-title">
            <h2 className="h4" id="bc-checkout-title">
              {t('bodycams.shift.checkout')}
            </h2>
            <form
              ref={outFields.formRef}
              onSubmit={(e) => {
                e.preventDefault();
                void submitOut();
              }}
              noValidate
            >
              <TextField
                ref={serialRef}
                label={t('bodycams.shift.serial')}
                hint={t('bodycams.shift.serialHint')}
                value={serial}
                onChange={setSerial}
                invalid={outFields.of('serial')}
                autoFocus
                autoComplete="off"
                spellCheck={false}
                className="mt-4"
              />
              <TextField
                ref={searchRef}
                label={t('bodycams.shift.officerSearch')}
                hint={t('bodycams.shift.officerHint')}
                value={query}
                onChange={(v) => {
                  setQuery(v);
                  setOfficerId(null);
                }}
                onKeyDown={(e) => {
                  // Enter on a search with one match picks it and issues at once.
                  if (e.key === 'Enter' && !chosen && found.length === 1) {
                    e.preventDefault();
                    setOfficerId(found[0]!.userId);
                    void submitOut(found[0]);
                  }
                }}
                autoComplete="off"
              />
              {officers.loading && !officers.data ? <Loading /> : null}
              <ErrorAlert error={officers.error} />
              <fieldset className="mb-3">
                <legend className="visually-hidden">{t('bodycams.shift.officer')}</legend>
                {found.length === 0 && officers.data ? (
                  <p className="text-secondary">{t('bodycams.shift.noOfficer')}</p>
                ) : null}
                <div
                  className="list-group vd-officer-list"
                  style={{ maxHeight: 240, overflowY: 'auto' }}
                >
                  {found.slice(0, 30).map((o) => (
                    <button
                      key={o.userId}
                      type="button"
                      className={`list-group-item list-group-item-action d-flex justify-content-between align-items-center${
                        o.userId === officerId ? ' active' : ''
                      }`}
                      aria-pressed={o.userId === officerId}
                      onClick={() => {
                        setOfficerId(o.userId);
                        setOutMissing(false);
                      }}
                    >
                      <span>
                        {o.displayName} <small>({o.username})</small>
                      </span>
                      <span
                        className={`badge ${o.eligible ? 'bg-success' : 'bg-warning text-dark'}`}
                      >
                        {o.eligible
                          ? t('bodycams.shift.eligible')
                          : t('bodycams.shift.notEligible')}
                      </span>
                    </button>
                  ))}
                </div>
              </fieldset>
              {outMissing ? (
                <Notice kind="warning">
                  <p className="mb-0">{t('bodycams.shift.pickOfficer')}</p>
                </Notice>
              ) : null}
              <TextField
                label={t('bodycams.shift.partner')}
                hint={t('bodycams.shift.partnerHint')}
                value={partner}
                onChange={setPartner}
                invalid={outFields.of('partnerCommand')}
                list="bc-partner-commands"
                autoComplete="off"
              />
              <datalist id="bc-partner-commands" aria-label={t('compliance.bodycam.partners')}>
                {(partners.data?.partners ?? []).map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
              {out.error ? (
                <Notice kind="danger" title={t('bodycams.shift.refused')}>
                  <p className="mb-0" data-error-code={out.error.code}>
                    {out.error.message}
                  </p>
                </Notice>
              ) : null}
              {outDone ? (
                <Notice kind="success">
                  <p className="mb-0">{outDone}</p>
                </Notice>
              ) : null}
              <button type="submit" className="btn btn-primary" disabled={out.pending}>
                {t('bodycams.shift.submitCheckout')}
              </button>
            </form>
          </Panel>
        </div>
        <div className="col-lg-5">
          <Panel as="section" aria-labelledby="bc-checkin-title">
            <h2 className="h4" id="bc-checkin-title">
              {t('bodycams.shift.checkin')}
            </h2>
            <form ref={inFields.formRef} onSubmit={(e) => void submitIn(e)} noValidate>
              <TextField
                ref={inRef}
                label={t('bodycams.shift.serial')}
                hint={t('bodycams.shift.serialHint')}
                value={inSerial}
                onChange={setInSerial}
                invalid={inFields.of('serial')}
                autoComplete="off"
                spellCheck={false}
                className="mt-4"
              />
              <SelectField
                label={t('bodycams.shift.returnStatus')}
                value={inStatus}
                onChange={(v) => setInStatus(v as typeof inStatus)}
                options={(['charging', 'available', 'fault'] as const).map((s) => ({
                  value: s,
                  label: t(`bodycams.status.${s}`),
                }))}
              />
              <TextField
                label={t('bodycams.shift.returnNotes')}
                value={inNotes}
                onChange={setInNotes}
                invalid={inFields.of('notes')}
              />
              <ErrorAlert error={inn.error} />
              {inDone ? (
                <Notice kind="success">
                  <p className="mb-0">{inDone}</p>
                </Notice>
              ) : null}
              <button type="submit" className="btn btn-outline-primary" disabled={inn.pending}>
                {t('bodycams.shift.submitCheckin')}
              </button>
            </form>
          </Panel>
        </div>
      </div>
      <Fleet
        devices={devices.data}
        loading={devices.loading}
        error={devices.error}
        onChanged={reload}
        dateTime={fmt.dateTime}
      />
      <UploadIssuesPanel />
    </>
  );
}

function Fleet({
  devices,
  loading,
  error,
  onChanged,
  dateTime,
}: {
  devices: Device[] | undefined;
  loading: boolean;
  error: ApiError | null;
  onChanged: () => void;
  dateTime: (v: string | null | undefined) => string;
}) {
  const t = useT();
  const act = useAction();
  const fields = useFieldErrors(act.error, act.clearError);
  const [serial, setSerial] = useState('');
  const [model, setModel] = useState('');
  const [firmware, setFirmware] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(null);
    const ok = fields.check({
      serial: !serial.trim() && fields.required,
      model: !model.trim() && fields.required,
    });
    if (!ok) return;
    const d = await act.run(() =>
      addDevice({
        serial: serial.trim(),
        model: model.trim(),
        firmware: firmware.trim(),
        notes: '',
      }),
    );
    if (d) {
      setAdded(t('bodycams.shift.added', { serial: d.serial }));
      setSerial('');
      setModel('');
      setFirmware('');
      onChanged();
    }
  };
  return (
    <Panel as="section" aria-labelledby="bc-fleet-title">
      <h2 className="h4" id="bc-fleet-title">
        {t('bodycams.shift.fleet')}
      </h2>
      {loading && !devices ? <Loading /> : null}
      <ErrorAlert error={error} />
      {devices && devices.length === 0 ? <p>{t('bodycams.shift.fleetEmpty')}</p> : null}
      {devices && devices.length > 0 ? (
        <div className="table-responsive">
          <table className="table table-sm align-middle" data-testid="bodycam-fleet">
            <thead>
              <tr>
                <th scope="col">{t('bodycams.shift.cols.serial')}</th>
                <th scope="col">{t('bodycams.shift.cols.model')}</th>
                <th scope="col">{t('bodycams.shift.cols.status')}</th>
                <th scope="col">{t('bodycams.shift.cols.holder')}</th>
                <th scope="col">{t('bodycams.shift.cols.since')}</th>
                <th scope="col">{t('bodycams.shift.cols.disciplinare')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id}>
                  <th scope="row" className="font-monospace">
                    {d.serial}
                  </th>
                  <td>
                    {d.model}
                    {d.firmware ? <small className="text-secondary"> · {d.firmware}</small> : null}
                  </td>
                  <td>
                    {d.status === 'issued' ? (
                      <span className={`badge ${STATUS_BADGE[d.status]}`}>
                        {t('bodycams.status.issued')}
                      </span>
                    ) : (
                      <select
                        className="form-select form-select-sm w-auto"
                        aria-label={t('bodycams.shift.setStatus', { serial: d.serial })}
                        value={d.status}
                        disabled={act.pending}
                        onChange={(e) => {
                          const status = e.target.value as
                            'available' | 'charging' | 'fault' | 'retired';
                          void act.run(() => setDeviceStatus(d.id, status)).then(onChanged);
                        }}
                      >
                        {(['available', 'charging', 'fault', 'retired'] as const).map((s) => (
                          <option key={s} value={s}>
                            {t(`bodycams.status.${s}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                  <td>
                    {d.currentIssue?.officerName ?? '—'}
                    {d.currentIssue?.partnerCommand ? (
                      <small className="d-block text-secondary">
                        {t('compliance.bodycam.joint')}: {d.currentIssue.partnerCommand}
                      </small>
                    ) : null}
                  </td>
                  <td>{d.currentIssue ? dateTime(d.currentIssue.issuedAt) : ''}</td>
                  <td>
                    {t('bodycams.shift.disciplinareVersion', { n: d.disciplinareNumber })}
                    <small className="d-block text-secondary" data-testid="device-dpia">
                      {d.dpia
                        ? `${t('compliance.bodycam.dpia')} ${d.dpia.title} v${d.dpia.version}`
                        : t('compliance.bodycam.dpiaNone')}
                    </small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h3 className="h5 mt-4">{t('bodycams.shift.addDevice')}</h3>
      <form
        ref={fields.formRef}
        className="row g-3 align-items-end"
        onSubmit={(e) => void add(e)}
        noValidate
      >
        <div className="col-md-3">
          <TextField
            label={t('bodycams.shift.cols.serial')}
            value={serial}
            onChange={setSerial}
            invalid={fields.of('serial')}
            required
          />
        </div>
        <div className="col-md-4">
          <TextField
            label={t('bodycams.shift.model')}
            value={model}
            onChange={setModel}
            invalid={fields.of('model')}
            required
          />
        </div>
        <div className="col-md-3">
          <TextField
            label={t('bodycams.shift.firmware')}
            value={firmware}
            onChange={setFirmware}
            invalid={fields.of('firmware')}
          />
        </div>
        <div className="col-md-2 mb-4">
          <button type="submit" className="btn btn-outline-primary" disabled={act.pending}>
            {t('bodycams.shift.add')}
          </button>
        </div>
      </form>
      <ErrorAlert error={act.error} onClose={act.clearError} />
      {added ? (
        <Notice kind="success">
          <p className="mb-0">{added}</p>
        </Notice>
      ) : null}
    </Panel>
  );
}
