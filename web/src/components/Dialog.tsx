import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../i18n';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** A wider dialog (a map, a table). */
  wide?: boolean;
}

/**
 * Modal built on the native <dialog>: focus is trapped and Esc closes it
 * without extra scripts; styled with Bootstrap Italia modal classes.
 */
export function Dialog({ open, title, onClose, children, wide }: DialogProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `d${useId().replace(/:/g, '')}`;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`vd-dialog p-0${wide ? ' vd-dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <div className="modal-content">
          <div className="modal-header">
            <h2 className="modal-title h5 no_toc" id={titleId}>
              {title}
            </h2>
            <button
              type="button"
              className="btn-close"
              aria-label={t('common.close')}
              onClick={onClose}
            />
          </div>
          <div className="modal-body">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}
