/** Phone input → E.164, with the clinic's country as the default for numbers typed without a `+`. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const COUNTRY_OF_TIME_ZONE: Record<string, CountryCode> = {
  'Europe/Kyiv': 'UA',
  'Europe/Kiev': 'UA',
  'Europe/Uzhgorod': 'UA',
  'Europe/Zaporozhye': 'UA',
  'Europe/Simferopol': 'UA',
  'Europe/Moscow': 'RU',
  'Europe/Samara': 'RU',
  'Europe/Volgograd': 'RU',
  'Asia/Yekaterinburg': 'RU',
  'Asia/Novosibirsk': 'RU',
  'Asia/Vladivostok': 'RU',
  'Europe/Kaliningrad': 'RU',
  'Europe/Minsk': 'BY',
  'Asia/Almaty': 'KZ',
  'Asia/Tbilisi': 'GE',
  'Asia/Yerevan': 'AM',
  'Asia/Baku': 'AZ',
  'Asia/Tashkent': 'UZ',
  'Europe/Chisinau': 'MD',
  'Europe/Warsaw': 'PL',
  'Europe/Berlin': 'DE',
  'Europe/London': 'GB',
  'America/New_York': 'US',
};

/** The country whose numbers are assumed when a phone is typed without `+`, guessed from the clinic's time zone. */
export function defaultPhoneCountry(timeZone: string): CountryCode | undefined {
  return COUNTRY_OF_TIME_ZONE[timeZone];
}

/**
 * Parses what a person typed (`050 123 45 67`, `8 (050) 123-45-67`, `+380501234567`) into E.164,
 * or returns null when it is not a possible phone number.
 */
export function parsePhone(input: string, defaultCountry?: CountryCode): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** A phone in E.164 shown the way people read it (`+380 50 123 4567`). */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
