/**
 * What a new clinic starts with (PRODUCT.md A, issue 2): its settings, two chairs, the owner as a doctor and a
 * starter price list of eight common dental procedures in the clinic's language, all editable afterwards.
 */
import { v7 as uuidv7 } from 'uuid';
import type { CatalogDoc, Locale } from './catalog.js';

interface StarterProcedure {
  names: Record<Locale, string>;
  durationMin: number;
  /** Typical price in US cents; scaled to the clinic's currency by {@link PRICE_SCALE}. */
  usdCents: number;
}

const STARTER_PROCEDURES: StarterProcedure[] = [
  { names: { ru: 'Консультация', uk: 'Консультація', en: 'Consultation' }, durationMin: 30, usdCents: 15_00 },
  { names: { ru: 'Профессиональная гигиена', uk: 'Професійна гігієна', en: 'Professional cleaning' }, durationMin: 60, usdCents: 50_00 },
  { names: { ru: 'Лечение кариеса (пломба)', uk: 'Лікування карієсу (пломба)', en: 'Cavity filling' }, durationMin: 60, usdCents: 60_00 },
  { names: { ru: 'Лечение каналов', uk: 'Лікування каналів', en: 'Root canal treatment' }, durationMin: 90, usdCents: 150_00 },
  { names: { ru: 'Удаление зуба', uk: 'Видалення зуба', en: 'Tooth extraction' }, durationMin: 45, usdCents: 60_00 },
  { names: { ru: 'Прицельный снимок', uk: 'Прицільний знімок', en: 'Dental X-ray' }, durationMin: 15, usdCents: 10_00 },
  { names: { ru: 'Отбеливание', uk: 'Відбілювання', en: 'Teeth whitening' }, durationMin: 90, usdCents: 200_00 },
  { names: { ru: 'Коронка (примерка и фиксация)', uk: 'Коронка (примірка та фіксація)', en: 'Crown fitting' }, durationMin: 60, usdCents: 400_00 },
];

/** Rough price level of each currency against USD, for a starter list that looks plausible; unknown → 1. */
const PRICE_SCALE: Record<string, number> = { UAH: 40, RUB: 80, KZT: 450, BYN: 3, GEL: 2.7, AMD: 390, AZN: 1.7, UZS: 12_000, MDL: 17, EUR: 0.9, PLN: 4 };

const CHAIR_NAMES: Record<Locale, string> = { ru: 'Кресло', uk: 'Крісло', en: 'Chair' };
const DOCTOR_COLORS = ['#1e88e5', '#43a047', '#8e24aa', '#f4511e', '#00897b', '#6d4c41'];

/** Rounds a price to two significant figures so a starter list shows 3 200, not 3 187. */
function roundPrice(minor: number): number {
  if (minor < 100) return minor;
  const magnitude = 10 ** (Math.floor(Math.log10(minor)) - 1);
  return Math.round(minor / magnitude) * magnitude;
}

export interface StarterCatalogInput {
  clinicId: string;
  name: string;
  timeZone: string;
  currency: string;
  locale: Locale;
  owner: { userId: string; name: string };
  /** UTC instant written as every document's `updatedAt`. */
  now: string;
}

/** The catalog documents of a new clinic: settings (09:00–20:00, Mon–Sat, 30-minute slots), 2 chairs, 1 doctor, 8 procedures. */
export function buildStarterCatalog(input: StarterCatalogInput): CatalogDoc[] {
  const base = { clinicId: input.clinicId, updatedAt: input.now, _deleted: false };
  const scale = PRICE_SCALE[input.currency] ?? 1;
  return [
    {
      ...base,
      id: uuidv7(),
      kind: 'clinic',
      name: input.name,
      timeZone: input.timeZone,
      currency: input.currency,
      locale: input.locale,
      openingHours: { open: '09:00', close: '20:00', workDays: [1, 2, 3, 4, 5, 6] },
      slotMinutes: 30,
    },
    { ...base, id: uuidv7(), kind: 'chair', name: `${CHAIR_NAMES[input.locale]} 1`, status: 'active' },
    { ...base, id: uuidv7(), kind: 'chair', name: `${CHAIR_NAMES[input.locale]} 2`, status: 'active' },
    { ...base, id: uuidv7(), kind: 'doctor', name: input.owner.name, color: DOCTOR_COLORS[0]!, userId: input.owner.userId },
    ...STARTER_PROCEDURES.map(
      (procedure): CatalogDoc => ({
        ...base,
        id: uuidv7(),
        kind: 'procedure',
        name: procedure.names[input.locale],
        priceMinor: roundPrice(Math.round(procedure.usdCents * scale)),
        durationMin: procedure.durationMin,
        active: true,
      }),
    ),
  ];
}

/** A pleasant colour for the n-th doctor. */
export function doctorColor(index: number): string {
  return DOCTOR_COLORS[index % DOCTOR_COLORS.length]!;
}
