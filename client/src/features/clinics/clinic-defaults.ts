/** Guesses a new clinic's time zone, currency and language from the browser. */

const CURRENCY_OF_TIME_ZONE: Record<string, string> = {
  'Europe/Kyiv': 'UAH', 'Europe/Kiev': 'UAH', 'Europe/Uzhgorod': 'UAH', 'Europe/Zaporozhye': 'UAH',
  'Europe/Moscow': 'RUB', 'Europe/Samara': 'RUB', 'Europe/Volgograd': 'RUB', 'Europe/Kaliningrad': 'RUB',
  'Asia/Yekaterinburg': 'RUB', 'Asia/Novosibirsk': 'RUB', 'Asia/Krasnoyarsk': 'RUB', 'Asia/Vladivostok': 'RUB',
  'Europe/Minsk': 'BYN', 'Asia/Almaty': 'KZT', 'Asia/Tbilisi': 'GEL', 'Asia/Yerevan': 'AMD', 'Asia/Baku': 'AZN',
  'Asia/Tashkent': 'UZS', 'Europe/Chisinau': 'MDL', 'Europe/Warsaw': 'PLN', 'America/New_York': 'USD',
  'America/Chicago': 'USD', 'America/Los_Angeles': 'USD', 'Europe/London': 'GBP',
};

export const COMMON_CURRENCIES = ['UAH', 'RUB', 'KZT', 'BYN', 'GEL', 'AMD', 'AZN', 'UZS', 'MDL', 'PLN', 'EUR', 'USD', 'GBP'];

export function guessClinicDefaults(uiLanguage: string): { timeZone: string; currency: string; locale: 'ru' | 'uk' | 'en' } {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const locale = uiLanguage === 'uk' || uiLanguage === 'en' ? uiLanguage : 'ru';
  const currency = CURRENCY_OF_TIME_ZONE[timeZone] ?? (locale === 'uk' ? 'UAH' : locale === 'ru' ? 'RUB' : 'EUR');
  return { timeZone, currency, locale };
}

/** Every IANA time zone the browser knows, for pickers. */
export function allTimeZones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
}
