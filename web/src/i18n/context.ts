import { createContext, useContext } from 'react';
import type { Lang, Translate } from './types';

export interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

export const I18nContext = createContext<I18nValue | null>(null);

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

/** The translate function for the current language: `t('nav.requests')`. */
export function useT(): Translate {
  return useI18n().t;
}
