import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useT } from '../../i18n';
import { pathErrorsOf } from '../../lib/pathErrors';
import { usePermissions } from '../../session/context';
import { dayIt, fileUrl, loadRecords, type ComplianceRecord } from '../privacy/complianceApi';
import {
  approveDisciplinare,
  loadDisciplinareVersions,
  type DisciplinareVersion,
} from './disciplinareApi';
import { DisciplinareForm } from './DisciplinareForm';
import { DisciplinareRules } from './DisciplinareRules';

const when = (iso: string) =>
  new Date(iso).toLocaleString('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short' });

/** Disciplinare: the version in force, the others read-only, a new version, approving acts. */
export function DisciplinarePage() {
  const t = useT();
  const { can, canAny } = usePermissions();
  const manage = can('privacy.manage') || can('settings.manage');
  const readsRecords = canAny(['privacy.manage', 'settings.manage', 'report.read']);
  const list = useApi((s) => loadDisciplinareVersions(s), []);
  const texts = useApi(
    (s) =>
      readsRecords
        ? loadRecords(s).then((r) => r.filter((x) => x.kind === 'disciplinare'))
        : Promise.resolve([]),
    [readsRecords],
  );
  const [drafting, setDrafting] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const current = list.data?.current;
  const others = (list.data?.versions ?? []).filter((v) => v.id !== current?.id);
  const onChange = (message: string) => {
    setSaved(message);
    list.reload();
  };

  return (
    <>
      <PageHeader
        title={t('compliance.disciplinare.title')}
        intro={t('compliance.disciplinare.intro')}
        actions={
          manage && current && !drafting ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setSaved(null);
                setDrafting(true);
              }}
            >
              {t('compliance.disciplinare.newVersion')}
            </button>
          ) : null
        }
      />
      <ErrorAlert error={list.error} />
      {saved ? (
        <Notice kind="success" onClose={() => setSaved(null)} closeLabel={t('common.close')}>
          <p className="mb-0">{saved}</p>
        </Notice>
      ) : null}
      {list.loading && !list.data ? <Loading /> : null}
      {drafting && current ? (
        <DisciplinareForm
          from={current}
          onCancel={() => setDrafting(false)}
          onSaved={(v) => {
            setDrafting(false);
            onChange(t('compliance.disciplinare.form.saved', { number: v.number }));
          }}
        />
      ) : null}
      {current ? (
        <VersionCard
          version={current}
          heading={t('compliance.disciplinare.current')}
          inForce
          manage={manage}
          texts={texts.data ?? []}
          onApproved={onChange}
        />
      ) : null}
      {others.length > 0 ? (
        <section aria-labelledby="disc-others-title">
          <h2 className="h4" id="disc-others-title">
            {t('compliance.disciplinare.others')}
          </h2>
          {others.map((v) => (
            <VersionCard
              key={v.id}
              version={v}
              manage={manage}
              texts={texts.data ?? []}
              onApproved={onChange}
            />
          ))}
        </section>
      ) : null}
    </>
  );
}

function VersionCard({
  version: v,
  heading,
  inForce,
  manage,
  texts,
  onApproved,
}: {
  version: DisciplinareVersion;
  heading?: string;
  inForce?: boolean;
  manage: boolean;
  texts: ComplianceRecord[];
  onApproved: (message: string) => void;
}) {
  const t = useT();
  const text = texts.find((x) => x.disciplinareId === v.id);
  const titleId = `disc-v${v.number}`;
  return (
    <Panel
      as="section"
      aria-labelledby={titleId}
      className="mb-4"
      data-testid={inForce ? 'disciplinare-current' : `disciplinare-v${v.number}`}
    >
      {heading ? <p className="text-uppercase small text-secondary mb-1">{heading}</p> : null}
      <h2 className="h4" id={titleId}>
        {t('compliance.disciplinare.version', { number: v.number })} · {v.title}
      </h2>
      <p className="mb-2">
        {Date.parse(v.effectiveFrom) === 0
          ? t('compliance.disciplinare.sinceStart')
          : inForce
            ? t('compliance.disciplinare.since', { date: when(v.effectiveFrom) })
            : t('compliance.disciplinare.from', { date: when(v.effectiveFrom) })}{' '}
        {v.approval ? (
          <span className="badge bg-success" data-testid="disciplinare-status">
            {t('compliance.disciplinare.approved')}
          </span>
        ) : (
          <span className="badge bg-warning text-dark" data-testid="disciplinare-status">
            {t('compliance.disciplinare.toApprove')}
          </span>
        )}
      </p>
      {v.approval ? (
        <p data-testid="disciplinare-act">
          {t('compliance.disciplinare.act', {
            kind: v.approval.actKind,
            number: v.approval.actNumber,
            date: dayIt(v.approval.actDate),
          })}
          {text ? (
            <>
              {' · '}
              <a href={fileUrl(text.id)} target="_blank" rel="noreferrer">
                {t('compliance.disciplinare.text')}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      <DisciplinareRules rules={v.rules} />
      {!v.approval && manage ? <ApprovalForm version={v} onApproved={onApproved} /> : null}
    </Panel>
  );
}

function ApprovalForm({
  version,
  onApproved,
}: {
  version: DisciplinareVersion;
  onApproved: (message: string) => void;
}) {
  const t = useT();
  const a = 'compliance.disciplinare.approve';
  const [kind, setKind] = useState(t(`${a}.kindDefault`));
  const [number, setNumber] = useState('');
  const [date, setDate] = useState('');
  const save = useAction();
  const errors = pathErrorsOf(save.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await save.run(() =>
      approveDisciplinare(version.id, {
        actKind: kind.trim(),
        actNumber: number.trim(),
        actDate: date,
      }),
    );
    if (r) onApproved(t(`${a}.saved`, { number: r.number }));
  };
  return (
    <form
      className="border-top pt-3 mt-3"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid={`approval-form-${version.number}`}
    >
      <h3 className="h5">{t(`${a}.title`)}</h3>
      {Object.keys(errors).length === 0 ? <ErrorAlert error={save.error} /> : null}
      <div className="row">
        <TextField
          className="col-md-6"
          id={`act-kind-${version.number}`}
          label={t(`${a}.kind`)}
          value={kind}
          onChange={setKind}
          invalid={errors.actKind}
        />
        <TextField
          className="col-md-3"
          id={`act-number-${version.number}`}
          label={t(`${a}.number`)}
          value={number}
          onChange={setNumber}
          invalid={errors.actNumber}
        />
        <TextField
          className="col-md-3"
          id={`act-date-${version.number}`}
          type="date"
          label={t(`${a}.date`)}
          value={date}
          onChange={setDate}
          invalid={errors.actDate}
        />
      </div>
      <button type="submit" className="btn btn-primary" disabled={save.pending}>
        {t(`${a}.submit`)}
      </button>
    </form>
  );
}
