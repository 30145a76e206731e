/** Money, dates and times shown to people, through Intl in the UI language and the clinic's time zone. */

/** Digits after the decimal point of a currency (2 for UAH, 0 for JPY), per Intl. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** `12345` minor units of UAH → "123,45 ₴" (in the UI language). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: digits }).format(minor / 10 ** digits);
}

/** Major units typed by a person (123.45) → minor units (12345). */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** currencyDigits(currency));
}

/** Minor units → major units for an input field. */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}

/** "пн, 23 нояб." for a local date `YYYY-MM-DD`. */
export function formatDayLabel(date: string, locale: string, options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' }): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A UTC instant as date and time in `timeZone`, e.g. "21.11.2026, 14:05". */
export function formatInstant(instant: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone }).format(new Date(instant));
}

/** Minutes as "1 ч 30 мин" style text. */
export function formatDuration(minutes: number, locale: string): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const unit = (value: number, u: 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  if (hours && rest) return `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
  return hours ? unit(hours, 'hour') : unit(rest, 'minute');
}
