import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { unwrap, unwrapVoid } from '../../api/errors';
import type { TotpSetup } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import { useAction } from '../../hooks/useAction';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { useT } from '../../i18n';
import { useSession } from '../../session/context';

/** The QR code comes from the server as SVG text: shown as an image, never injected as markup. */
function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** TOTP enrolment: start → QR code and secret → 6-digit code → enabled. */
export function TotpEnrolment({ onEnabled }: { onEnabled?: () => void }) {
  const t = useT();
  const { refresh } = useSession();
  const start = useAction();
  const confirm = useAction();
  const fields = useFieldErrors(confirm.error, confirm.clearError);
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');

  const begin = () => {
    void start.run(async () => {
      setSetup(await unwrap(api.POST('/api/me/totp/setup')));
      setCode('');
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = fields.check({
      code: (!code && fields.required) || (code.length !== 6 && t('login.totpDigits')),
    });
    if (!ok) return;
    void confirm.run(async () => {
      await unwrapVoid(api.POST('/api/me/totp/enable', { body: { code } }));
      setSetup(null);
      onEnabled?.();
      await refresh();
    });
  };

  if (!setup) {
    return (
      <>
        <ErrorAlert error={start.error} />
        <Button color="primary" onClick={begin} disabled={start.pending}>
          {t('account.totpStart')}
        </Button>
      </>
    );
  }

  return (
    <div>
      <p>{t('account.totpScan')}</p>
      <div className="d-flex flex-wrap gap-4 align-items-start mb-4">
        <img
          className="vd-qr border rounded p-2 bg-white"
          src={svgDataUrl(setup.qrSvg)}
          alt={t('account.totpQrAlt')}
          width={200}
          height={200}
        />
        <div>
          <p className="mb-1 fw-semibold" id="totp-secret-label">
            {t('account.totpSecret')}
          </p>
          <code className="vd-secret" aria-labelledby="totp-secret-label" data-testid="totp-secret">
            {setup.secret}
          </code>
        </div>
      </div>
      <ErrorAlert error={confirm.error} />
      <form ref={fields.formRef} onSubmit={submit} noValidate>
        <TextField
          id="totp-enrol-code"
          label={t('account.totpCode')}
          hint={t('login.totpHint')}
          value={code}
          invalid={fields.of('code')}
          onChange={(value) => setCode(value.replace(/\D/g, '').slice(0, 6))}
          autoComplete="one-time-code"
          inputMode="numeric"
          pattern="[0-9]{6}"
          maxLength={6}
          required
        />
        <Button type="submit" color="primary" disabled={confirm.pending}>
          {t('account.totpConfirm')}
        </Button>
      </form>
    </div>
  );
}
