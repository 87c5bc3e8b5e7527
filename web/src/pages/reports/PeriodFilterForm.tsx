import { Button } from 'design-react-kit';
import { useMemo, useState, type FormEvent } from 'react';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useApi } from '../../hooks/useApi';
import { LOCALES, useI18n } from '../../i18n';
import { loadUnits, romeMonth, romeToday, type PeriodFilter } from './reportsApi';

interface PeriodFilterFormProps {
  value: PeriodFilter;
  onChange: (filter: PeriodFilter) => void;
  /** Label of the submit button ("Mostra", "Genera ora"). */
  submitLabel: string;
  pending?: boolean;
  testId?: string;
}

/** A month or a span of days, and optionally one requesting unit. */
export function PeriodFilterForm({
  value,
  onChange,
  submitLabel,
  pending,
  testId,
}: PeriodFilterFormProps) {
  const { t, lang } = useI18n();
  const units = useApi(loadUnits, []);
  const [mode, setMode] = useState<PeriodFilter['mode']>(value.mode);
  const [month, setMonth] = useState(value.mode === 'month' ? value.month : romeMonth());
  const [from, setFrom] = useState(value.mode === 'range' ? value.from : `${romeMonth()}-01`);
  const [to, setTo] = useState(value.mode === 'range' ? value.to : romeToday());
  const [unit, setUnit] = useState(value.unit);
  const [invalid, setInvalid] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode === 'month') {
      if (!month) return setInvalid(true);
      setInvalid(false);
      onChange({ mode, month, unit });
      return;
    }
    if (!from || !to || from > to) return setInvalid(true);
    setInvalid(false);
    onChange({ mode, from, to, unit });
  };

  const months = useMemo(() => recentMonths(LOCALES[lang]), [lang]);
  const monthOptions = months.some((m) => m.value === month)
    ? months
    : [{ value: month, label: month }, ...months];
  const unitOptions = (units.data ?? []).map((u) => ({ value: u, label: u }));
  if (unit && !unitOptions.some((o) => o.value === unit))
    unitOptions.push({ value: unit, label: unit });

  return (
    <form className="vd-period-form" onSubmit={submit} data-testid={testId} noValidate>
      <SelectField
        label={t('reports.filters.mode')}
        value={mode}
        onChange={(v) => setMode(v === 'range' ? 'range' : 'month')}
        options={[
          { value: 'month', label: t('reports.filters.byMonth') },
          { value: 'range', label: t('reports.filters.byRange') },
        ]}
      />
      {mode === 'month' ? (
        <SelectField
          label={t('reports.filters.month')}
          value={month}
          onChange={setMonth}
          options={monthOptions}
          required
        />
      ) : (
        <>
          <TextField
            type="date"
            label={t('reports.filters.from')}
            value={from}
            onChange={setFrom}
            required
          />
          <TextField
            type="date"
            label={t('reports.filters.to')}
            value={to}
            onChange={setTo}
            required
            invalid={invalid ? t('reports.filters.rangeInvalid') : undefined}
          />
        </>
      )}
      <SelectField
        label={t('reports.filters.unit')}
        value={unit}
        onChange={setUnit}
        placeholder={t('reports.filters.allUnits')}
        options={unitOptions}
      />
      <div className="vd-period-submit">
        <Button type="submit" color="primary" disabled={pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

const MONTHS_BACK = 36;

/** This month and the 35 before it, newest first: "dicembre 2026", "novembre 2026" … */
function recentMonths(locale: string): Array<{ value: string; label: string }> {
  const format = new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const [year, month] = romeMonth().split('-').map(Number) as [number, number];
  return Array.from({ length: MONTHS_BACK }, (_, i) => {
    const date = new Date(Date.UTC(year, month - 1 - i, 15));
    const value = date.toISOString().slice(0, 7);
    return { value, label: format.format(date) };
  });
}
