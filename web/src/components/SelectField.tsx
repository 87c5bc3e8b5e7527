import { useId, type SelectHTMLAttributes } from 'react';

interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps extends Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'id' | 'value' | 'onChange' | 'className'
> {
  label: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
  /** First, empty option (e.g. "Tutti" or "Selezionare..."). */
  placeholder?: string;
  /** Message shown under the field and announced; marks the select invalid. */
  invalid?: string;
  id?: string;
  className?: string;
}

export function SelectField({
  label,
  value,
  options,
  onChange,
  placeholder,
  invalid,
  id,
  className,
  required,
  ...selectProps
}: SelectFieldProps) {
  const generated = useId();
  const selectId = id ?? `s${generated.replace(/:/g, '')}`;
  const errorId = invalid ? `${selectId}-error` : undefined;
  return (
    <div className={['select-wrapper', 'mb-4', className].filter(Boolean).join(' ')}>
      <label htmlFor={selectId}>{label}</label>
      <select
        {...selectProps}
        id={selectId}
        value={value}
        required={required}
        className={invalid ? 'is-invalid' : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={errorId}
        onChange={(event) => onChange(event.target.value)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {invalid ? (
        <div id={errorId} className="invalid-feedback d-block" role="alert">
          {invalid}
        </div>
      ) : null}
    </div>
  );
}
