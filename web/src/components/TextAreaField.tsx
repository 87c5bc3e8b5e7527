import { useId, type TextareaHTMLAttributes } from 'react';

interface TextAreaFieldProps extends Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'id' | 'value' | 'onChange' | 'className'
> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  invalid?: string;
  id?: string;
  className?: string;
}

/** A labelled Bootstrap Italia textarea, the counterpart of TextField. */
export function TextAreaField({
  label,
  value,
  onChange,
  hint,
  invalid,
  id,
  className,
  rows = 3,
  ...areaProps
}: TextAreaFieldProps) {
  const generated = useId();
  const areaId = id ?? `t${generated.replace(/:/g, '')}`;
  const hintId = hint ? `${areaId}-hint` : undefined;
  const errorId = invalid ? `${areaId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['form-group', className].filter(Boolean).join(' ')}>
      <label htmlFor={areaId} className="active">
        {label}
      </label>
      <textarea
        {...areaProps}
        id={areaId}
        rows={rows}
        className={`form-control${invalid ? ' is-invalid' : ''}`}
        value={value}
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
}
