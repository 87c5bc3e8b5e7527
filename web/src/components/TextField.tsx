import { forwardRef, useId, type InputHTMLAttributes } from 'react';

interface TextFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'className'
> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  /** Message shown under the field and announced; marks the input invalid. */
  invalid?: string;
  id?: string;
  className?: string;
}

/** A labelled Bootstrap Italia input; the label always sits above the field. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, value, onChange, hint, invalid, id, className, required, ...inputProps },
  ref,
) {
  const generated = useId();
  const inputId = id ?? `f${generated.replace(/:/g, '')}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = invalid ? `${inputId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['form-group', className].filter(Boolean).join(' ')}>
      <label htmlFor={inputId} className="active">
        {label}
      </label>
      <input
        {...inputProps}
        // Bootstrap Italia styles inputs by their type attribute.
        type={inputProps.type ?? 'text'}
        ref={ref}
        id={inputId}
        className={`form-control${invalid ? ' is-invalid' : ''}`}
        value={value}
        required={required}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint ? (
        <small id={hintId} className="form-text">
          {hint}
        </small>
      ) : null}
      {invalid ? (
        <div id={errorId} className="invalid-feedback d-block" role="alert">
          {invalid}
        </div>
      ) : null}
    </div>
  );
});
