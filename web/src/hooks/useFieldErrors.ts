import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { ApiError } from '../api/errors';
import { useT } from '../i18n';
import { failedChecks, fieldMessagesOf, type FieldChecks } from '../lib/fieldErrors';

export interface FieldErrors {
  /** On the <form noValidate>: after a refusal its first invalid field gets the focus. */
  formRef: RefObject<HTMLFormElement | null>;
  /**
   * The message under a field: the form's own check first, then the server's refusal of the
   * field or of a part of it (`cameraGroups.1` under `cameraGroups`).
   */
  of: (field: string) => string | undefined;
  /** «Campo obbligatorio», for the form's own checks. */
  required: string;
  /** Runs the form's own checks before it sends; true when none failed. */
  check: (checks: FieldChecks) => boolean;
  /** Forgets the form's own messages (a dialog closed). */
  reset: () => void;
}

/**
 * Per-field messages for a form that leaves validation to itself and the server instead of the
 * browser's bubbles (English in an English browser): a small check of what cannot be sent
 * (blank required fields), then the server's Italian messages placed under their fields.
 * `clearError` drops the server's previous answer when the form's own check fails.
 */
export function useFieldErrors(error: ApiError | null, clearError?: () => void): FieldErrors {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const [own, setOwn] = useState<Record<string, string>>({});
  const [refusals, setRefusals] = useState(0);
  const server = useMemo(() => fieldMessagesOf(error), [error]);

  useEffect(() => {
    if (refusals === 0 && Object.keys(server).length === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals, server]);

  const check = useCallback(
    (checks: FieldChecks) => {
      const failed = failedChecks(checks);
      setOwn(failed);
      if (Object.keys(failed).length === 0) return true;
      clearError?.();
      setRefusals((n) => n + 1);
      return false;
    },
    [clearError],
  );
  const reset = useCallback(() => setOwn({}), []);
  const of = (field: string) =>
    own[field] ??
    server[field] ??
    Object.entries(server).find(([path]) => path.startsWith(`${field}.`))?.[1];
  return { formRef, of, required: t('common.required'), check, reset };
}
