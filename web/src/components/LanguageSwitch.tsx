import { LANGS, useI18n } from '../i18n';
import { Disclosure } from './Disclosure';
import { Icon } from './Icon';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Disclosure
      buttonClassName="btn btn-dropdown dropdown-toggle text-white vd-slim-button"
      buttonLabel={`${t('language.label')}: ${t(`language.${lang}`)}`}
      button={
        <>
          <span aria-hidden="true">{lang.toUpperCase()}</span>
          <Icon name="it-expand" className="icon-white icon-sm" />
        </>
      }
    >
      {(close) => (
        <div className="link-list-wrapper">
          <ul className="link-list">
            {LANGS.map((code) => (
              <li key={code}>
                <button
                  type="button"
                  lang={code}
                  className={`btn dropdown-item list-item${code === lang ? ' active' : ''}`}
                  aria-current={code === lang ? 'true' : undefined}
                  onClick={() => {
                    setLang(code);
                    close();
                  }}
                >
                  <span>{t(`language.${code}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Disclosure>
  );
}
