import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../../api/errors';
import { Dialog } from '../../../components/Dialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField } from '../../../components/SelectField';
import { TextAreaField } from '../../../components/TextAreaField';
import { TextField } from '../../../components/TextField';
import { useFieldErrors } from '../../../hooks/useFieldErrors';
import { useT } from '../../../i18n';
import {
  absoluteLink,
  createShare,
  RECIPIENT_TYPES,
  type CreatedShare,
  type RecipientType,
  type ShareTerms,
} from './sharesApi';

interface ShareDialogProps {
  open: boolean;
  evidenceId: string;
  evidenceNumber: string;
  terms: ShareTerms | undefined;
  onClose: () => void;
  /** A link was created (the list should reload). */
  onCreated: () => void;
}

/** "Condividi": the recipient and the link's terms; then the link, shown once, with a copy button. */
export function ShareDialog(props: ShareDialogProps) {
  const t = useT();
  const [created, setCreated] = useState<CreatedShare | null>(null);
  return (
    <Dialog
      open={props.open}
      title={
        created
          ? t('evidenceShares.dialog.created')
          : t('evidenceShares.dialog.title', { number: props.evidenceNumber })
      }
      onClose={props.onClose}
      wide
    >
      {created ? (
        <CreatedLink created={created} onDone={props.onClose} />
      ) : (
        <ShareForm
          {...props}
          onCreated={(c) => {
            setCreated(c);
            props.onCreated();
          }}
        />
      )}
    </Dialog>
  );
}

function ShareForm({
  evidenceId,
  terms,
  onClose,
  onCreated,
}: Omit<ShareDialogProps, 'onCreated' | 'open' | 'evidenceNumber'> & {
  onCreated: (c: CreatedShare) => void;
}) {
  const t = useT();
  const [type, setType] = useState<RecipientType>('ag');
  const [name, setName] = useState('');
  const [organization, setOrganization] = useState('');
  const [role, setRole] = useState('');
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState('');
  const [caseRef, setCaseRef] = useState('');
  const [days, setDays] = useState(String(terms?.defaultDays ?? 7));
  const [maxDownloads, setMaxDownloads] = useState('5');
  const [password, setPassword] = useState('');
  const [sendEmail, setSendEmail] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const fields = useFieldErrors(error, () => setError(null));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = fields.check({
      'recipient.name': !name.trim() && fields.required,
      'recipient.organization': !organization.trim() && fields.required,
      'recipient.email': sendEmail && !email.trim() && fields.required,
      reason: !reason.trim() && fields.required,
      expiresInDays: !days.trim() && fields.required,
      maxDownloads: !maxDownloads.trim() && fields.required,
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(
        await createShare(evidenceId, {
          recipient: {
            type,
            name: name.trim(),
            organization: organization.trim(),
            ...(role.trim() && { role: role.trim() }),
            ...(email.trim() && { email: email.trim() }),
          },
          reason: reason.trim(),
          ...(caseRef.trim() && { caseRef: caseRef.trim() }),
          expiresInDays: Number(days),
          maxDownloads: Number(maxDownloads),
          ...(password && { password }),
          sendEmail,
        }),
      );
    } catch (err: unknown) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={fields.formRef} onSubmit={(e) => void submit(e)} data-testid="share-form" noValidate>
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <div className="row">
        <SelectField
          className="col-md-6"
          id="share-type"
          label={t('evidenceShares.dialog.recipientType')}
          value={type}
          onChange={(v) => setType(v as RecipientType)}
          options={RECIPIENT_TYPES.map((value) => ({
            value,
            label: t(`evidenceShares.types.${value}`),
          }))}
          required
        />
        <TextField
          className="col-md-6"
          id="share-name"
          label={t('evidenceShares.dialog.name')}
          value={name}
          onChange={setName}
          invalid={fields.of('recipient.name')}
          required
          maxLength={200}
          autoFocus
        />
        <TextField
          className="col-md-6"
          id="share-organization"
          label={t('evidenceShares.dialog.organization')}
          value={organization}
          onChange={setOrganization}
          invalid={fields.of('recipient.organization')}
          required
          maxLength={200}
        />
        <TextField
          className="col-md-6"
          id="share-role"
          label={t('evidenceShares.dialog.role')}
          value={role}
          onChange={setRole}
          invalid={fields.of('recipient.role')}
          maxLength={200}
        />
        <TextField
          className="col-md-6"
          id="share-email"
          type="email"
          label={t('evidenceShares.dialog.email')}
          value={email}
          onChange={setEmail}
          invalid={fields.of('recipient.email')}
          required={sendEmail}
          maxLength={320}
        />
        <TextField
          className="col-md-6"
          id="share-case"
          label={t('evidenceShares.dialog.caseRef')}
          value={caseRef}
          onChange={setCaseRef}
          invalid={fields.of('caseRef')}
          maxLength={200}
        />
      </div>
      <TextAreaField
        id="share-reason"
        label={t('evidenceShares.dialog.reason')}
        value={reason}
        onChange={setReason}
        invalid={fields.of('reason')}
        required
        minLength={5}
        maxLength={2000}
        rows={2}
      />
      <div className="row">
        <TextField
          className="col-md-4"
          id="share-days"
          type="number"
          min={1}
          max={terms?.maxDays ?? 30}
          label={t('evidenceShares.dialog.expires')}
          hint={t('evidenceShares.dialog.expiresHint', { max: terms?.maxDays ?? 30 })}
          value={days}
          onChange={setDays}
          invalid={fields.of('expiresInDays')}
          required
        />
        <TextField
          className="col-md-4"
          id="share-max"
          type="number"
          min={1}
          max={100}
          label={t('evidenceShares.dialog.maxDownloads')}
          hint={t('evidenceShares.dialog.maxDownloadsHint')}
          value={maxDownloads}
          onChange={setMaxDownloads}
          invalid={fields.of('maxDownloads')}
          required
        />
        <TextField
          className="col-md-4"
          id="share-password"
          type="password"
          autoComplete="new-password"
          label={t('evidenceShares.dialog.password')}
          hint={t('evidenceShares.dialog.passwordHint')}
          value={password}
          onChange={setPassword}
          invalid={fields.of('password')}
          minLength={8}
          maxLength={200}
        />
      </div>
      <div className="form-check mb-3">
        <input
          id="share-send-email"
          type="checkbox"
          checked={sendEmail}
          onChange={(event) => setSendEmail(event.target.checked)}
        />
        <label htmlFor="share-send-email">{t('evidenceShares.dialog.sendEmail')}</label>
      </div>
      <div className="d-flex justify-content-end gap-2">
        <Button type="button" color="secondary" outline onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" color="primary" disabled={busy} data-testid="share-submit">
          {t('evidenceShares.dialog.submit')}
        </Button>
      </div>
    </form>
  );
}

function CreatedLink({ created, onDone }: { created: CreatedShare; onDone: () => void }) {
  const t = useT();
  const link = absoluteLink(created.link);
  const [copied, setCopied] = useState(false);
  return (
    <div data-testid="share-created">
      <p className="small fw-semibold">{t('evidenceShares.dialog.linkOnce')}</p>
      <label htmlFor="share-link" className="form-label small">
        {t('evidenceShares.dialog.link')}
      </label>
      <div className="input-group mb-2">
        <input
          id="share-link"
          className="form-control vd-hash"
          readOnly
          value={link}
          data-testid="share-link"
          onFocus={(event) => event.target.select()}
        />
        <Button
          type="button"
          color="primary"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setCopied(true));
          }}
        >
          {t('evidenceShares.dialog.copy')}
        </Button>
      </div>
      {copied ? (
        <p className="small text-success" role="status">
          {t('evidenceShares.dialog.copied')}
        </p>
      ) : null}
      {created.share.mailed && created.share.recipient.email ? (
        <p className="small">
          {t('evidenceShares.dialog.mailed', { email: created.share.recipient.email })}
        </p>
      ) : null}
      {created.share.hasPassword ? (
        <p className="small">{t('evidenceShares.dialog.passwordReminder')}</p>
      ) : null}
      <div className="d-flex justify-content-end">
        <Button type="button" color="primary" onClick={onDone}>
          {t('evidenceShares.dialog.done')}
        </Button>
      </div>
    </div>
  );
}
