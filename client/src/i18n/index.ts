/** i18next with the ru, uk and en catalogs; the language comes from the browser, and the person can switch it. */
import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { ru } from './ru.js';
import { uk } from './uk.js';

export const UI_LANGUAGES = [
  { value: 'ru', label: 'Русский' },
  { value: 'uk', label: 'Українська' },
  { value: 'en', label: 'English' },
] as const;

void i18next
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { ru: { translation: ru }, uk: { translation: uk }, en: { translation: en } },
    supportedLngs: ['ru', 'uk', 'en'],
    nonExplicitSupportedLngs: true,
    fallbackLng: 'ru',
    keySeparator: false,
    interpolation: { escapeValue: false },
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: 'kabinet.language', caches: ['localStorage'] },
  });

/** The current UI language, one of ru, uk, en. */
export function uiLanguage(): 'ru' | 'uk' | 'en' {
  const language = i18next.resolvedLanguage ?? 'ru';
  return (['ru', 'uk', 'en'].includes(language) ? language : 'ru') as 'ru' | 'uk' | 'en';
}

export default i18next;
