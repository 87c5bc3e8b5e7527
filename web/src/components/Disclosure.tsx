import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface DisclosureProps {
  /** Content of the toggle button. */
  button: ReactNode;
  buttonClassName: string;
  buttonLabel?: string;
  /** Renders the panel; `close` lets an item close it after use. */
  children: (close: () => void) => ReactNode;
  align?: 'start' | 'end';
  className?: string;
}

/**
 * Disclosure dropdown (button + panel of links) following the WAI disclosure
 * pattern: Esc closes and returns focus, a click outside closes.
 */
export function Disclosure({
  button,
  buttonClassName,
  buttonLabel,
  children,
  align = 'end',
  className,
}: DisclosureProps) {
  const [open, setOpen] = useState(false);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = `p${useId().replace(/:/g, '')}`;

  useEffect(() => {
    if (!open) return undefined;
    const onPointer = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div
      ref={wrapperRef}
      className={['dropdown', 'vd-disclosure', className].filter(Boolean).join(' ')}
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={buttonClassName}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={buttonLabel}
        onClick={() => setOpen((value) => !value)}
      >
        {button}
      </button>
      <div
        id={panelId}
        className={`dropdown-menu vd-dropdown-${align}${open ? ' show' : ''}`}
        hidden={!open}
      >
        {open ? children(() => setOpen(false)) : null}
      </div>
    </div>
  );
}
