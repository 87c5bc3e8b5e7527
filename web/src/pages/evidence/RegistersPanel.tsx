import { Button } from 'design-react-kit';
import { useState } from 'react';
import { ApiError, toApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import { useT } from '../../i18n';
import { romeLocalToIso } from '../../lib/format';
import { usePermissions } from '../../session/context';

type Register = 'extractions' | 'viewings';
type Format = 'pdf' | 'csv';

/** `YYYY-MM-DD` of today in Rome, and of the first day of its month. */
function romeToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
}

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The period [first day 00:00, day after the last 00:00) in Rome, or null when invalid. */
export function registerPeriod(from: string, to: string): { from: string; to: string } | null {
  const start = romeLocalToIso(`${from}T00:00`);
  const end = /^\d{4}-\d{2}-\d{2}$/.test(to) ? romeLocalToIso(`${nextDay(to)}T00:00`) : undefined;
  if (!start || !end || Date.parse(end) <= Date.parse(start)) return null;
  return { from: start, to: end };
}

function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

/**
 * Registri stampabili (E4): the register of extractions and the register of accesses for a
 * period of days, as PDF or CSV. Fetched (not a plain link) so that a refusal or a period too
 * large shows its message here instead of downloading an error.
 */
export function RegistersPanel() {
  const t = useT();
  const { can } = usePermissions();
  const today = romeToday();
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const canViewings = can('evidence.read') && can('audit.read');

  const print = async (register: Register, format: Format) => {
    const period = registerPeriod(from, to);
    setError(null);
    if (!period) {
      setError(new ApiError(400, 'validation_failed', t('evidenceRegisters.badPeriod')));
      return;
    }
    setBusy(`${register}-${format}`);
    try {
      const query = new URLSearchParams({ ...period, format }).toString();
      const res = await fetch(`/api/evidence/registers/${register}?${query}`, {
        credentials: 'same-origin',
      });
      if (!res.ok) {
        const body: unknown = await res.json().catch(() => res.statusText);
        throw toApiError(body, res);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(res, `registro-${register}.${format}`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err: unknown) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
    }
  };

  const buttons = (register: Register) => (
    <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
      <span className="fw-semibold me-auto">{t(`evidenceRegisters.${register}`)}</span>
      {(['pdf', 'csv'] as const).map((format) => (
        <Button
          key={format}
          color="primary"
          outline={format === 'csv'}
          size="xs"
          disabled={busy !== null}
          onClick={() => void print(register, format)}
          data-testid={`register-${register}-${format}`}
        >
          {busy === `${register}-${format}`
            ? t('evidenceRegisters.downloading')
            : t(`evidenceRegisters.${format}`)}
        </Button>
      ))}
    </div>
  );

  return (
    <section aria-labelledby="registers-title" data-testid="registers-panel">
      <h2 id="registers-title" className="h5">
        {t('evidenceRegisters.title')}
      </h2>
      <p className="small text-secondary">{t('evidenceRegisters.intro')}</p>
      <div className="row g-2">
        <div className="col-6">
          <TextField
            id="register-from"
            type="date"
            label={t('evidenceRegisters.from')}
            value={from}
            max={to}
            onChange={setFrom}
          />
        </div>
        <div className="col-6">
          <TextField
            id="register-to"
            type="date"
            label={t('evidenceRegisters.to')}
            value={to}
            min={from}
            onChange={setTo}
          />
        </div>
      </div>
      <ErrorAlert error={error} onClose={() => setError(null)} />
      {buttons('extractions')}
      {canViewings ? (
        buttons('viewings')
      ) : (
        <p className="small text-secondary mb-0">{t('evidenceRegisters.viewingsRestricted')}</p>
      )}
    </section>
  );
}
