import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/TextField';
import { useT } from '../../i18n';
import { EMPTY_FILTERS, type AuditFilterValues } from './auditQuery';

interface AuditFiltersProps {
  initial: AuditFilterValues;
  onApply: (values: AuditFilterValues) => void;
}

export function AuditFilters({ initial, onApply }: AuditFiltersProps) {
  const t = useT();
  const [values, setValues] = useState<AuditFilterValues>(initial);
  const set = (key: keyof AuditFilterValues) => (value: string) =>
    setValues((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(values);
  };

  return (
    <form onSubmit={submit} role="search" aria-labelledby="audit-filters-title" className="mb-3">
      <h2 className="h5 mb-3" id="audit-filters-title">
        {t('audit.filters')}
      </h2>
      <div className="row">
        <TextField
          className="col-12 col-md-6 col-xl-3"
          id="audit-from"
          type="datetime-local"
          label={t('audit.from')}
          value={values.from}
          onChange={set('from')}
        />
        <TextField
          className="col-12 col-md-6 col-xl-3"
          id="audit-to"
          type="datetime-local"
          label={t('audit.to')}
          value={values.to}
          onChange={set('to')}
        />
        <TextField
          className="col-12 col-md-6 col-xl-3"
          id="audit-actor"
          label={t('audit.actor')}
          value={values.actor}
          onChange={set('actor')}
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          className="col-12 col-md-6 col-xl-3"
          id="audit-action"
          label={t('audit.action')}
          value={values.action}
          onChange={set('action')}
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          className="col-12 col-md-6 col-xl-3"
          id="audit-object-type"
          label={t('audit.objectType')}
          value={values.objectType}
          onChange={set('objectType')}
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          className="col-12 col-md-6 col-xl-6"
          id="audit-q"
          type="search"
          label={t('audit.q')}
          value={values.q}
          onChange={set('q')}
        />
        <div className="col-12 col-xl-3 mb-4 d-flex gap-2 align-items-end">
          <Button type="submit" color="primary">
            {t('audit.search')}
          </Button>
          <Button
            type="button"
            color="secondary"
            outline
            onClick={() => {
              setValues(EMPTY_FILTERS);
              onApply(EMPTY_FILTERS);
            }}
          >
            {t('audit.reset')}
          </Button>
        </div>
      </div>
      <p className="small text-secondary mb-0">{t('audit.timezone')}</p>
    </form>
  );
}
