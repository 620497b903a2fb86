import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage, isAppLanguage, languages } from '../i18n/i18n.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const value = isAppLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'ja';
  return (
    <div className="language-switch">
      <label className="visually-hidden" htmlFor={id}>
        {t('language.label')}
      </label>
      <GlobeIcon />
      <select
        id={id}
        className="language-switch__select"
        value={value}
        onChange={(event) => {
          if (isAppLanguage(event.target.value)) void changeLanguage(event.target.value);
        }}
      >
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function GlobeIcon() {
  return (
    <svg className="language-switch__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
    </svg>
  );
}
