export { I18nProvider } from './I18nProvider';
export { useI18n, useT } from './context';
export { isMessageKey, LANGS, LOCALES, translate } from './translate';
export type { Lang, MessageKey, MessageParams, Messages, Translate } from './types';
