import { useId } from 'react';

interface TextAreaFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  rows?: number;
  id?: string;
  className?: string;
  autoFocus?: boolean;
}

/** A labelled Bootstrap Italia textarea, the label above as in TextField. */
export function TextAreaField({
  label,
  value,
  onChange,
  hint,
  id,
  className,
  rows = 3,
  ...rest
}: TextAreaFieldProps) {
  const generated = useId();
  const fieldId = id ?? `t${generated.replace(/:/g, '')}`;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  return (
    <div className={['form-group', className].filter(Boolean).join(' ')}>
      <label htmlFor={fieldId} className="active">
        {label}
      </label>
      <textarea
        {...rest}
        id={fieldId}
        className="form-control"
        rows={rows}
        value={value}
        aria-describedby={hintId}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint ? (
        <small id={hintId} className="form-text">
          {hint}
        </small>
      ) : null}
    </div>
  );
}
