import { describe, expect, it } from 'vitest';
import { appointmentSchema, catalogSchema, patientSchema } from './index.js';
import { buildStarterCatalog } from './starter-catalog.js';
import { parsePhone } from './phone.js';
import { totalDurationMin, totalPriceMinor } from '../scheduling/appointment-math.js';

const clinicId = '0190a3b2-0000-7000-8000-000000000001';
const now = '2026-11-21T08:00:00.000Z';

describe('starter catalog', () => {
  it('is valid and usable: settings, two chairs, the owner as doctor, eight procedures in the clinic language', () => {
    const docs = buildStarterCatalog({ clinicId, name: 'Улыбка', timeZone: 'Europe/Kyiv', currency: 'UAH', locale: 'uk', owner: { userId: 'u1', name: 'Олена' }, now });
    for (const doc of docs) expect(catalogSchema.safeParse(doc).success).toBe(true);
    expect(docs.filter((d) => d.kind === 'clinic')).toHaveLength(1);
    expect(docs.filter((d) => d.kind === 'chair')).toHaveLength(2);
    expect(docs.filter((d) => d.kind === 'doctor').map((d) => d.name)).toEqual(['Олена']);
    const procedures = docs.filter((d) => d.kind === 'procedure');
    expect(procedures).toHaveLength(8);
    expect(procedures[0]).toMatchObject({ name: 'Консультація', priceMinor: 600_00, durationMin: 30 });
  });
});

describe('schemas', () => {
  const appointment = {
    id: '0190a3b2-0000-7000-8000-000000000002', clinicId, updatedAt: now, _deleted: false,
    patientId: '0190a3b2-0000-7000-8000-000000000003', doctorId: '0190a3b2-0000-7000-8000-000000000004', chairId: '0190a3b2-0000-7000-8000-000000000005',
    start: '2026-11-23T07:00:00.000Z', end: '2026-11-23T08:30:00.000Z', status: 'scheduled',
    items: [
      { procedureId: '0190a3b2-0000-7000-8000-000000000006', name: 'Консультация', priceMinor: 1500, durationMin: 30 },
      { procedureId: '0190a3b2-0000-7000-8000-000000000007', name: 'Пломба', priceMinor: 6000, durationMin: 60 },
    ],
    totalMinor: 7500,
  };

  it('accepts a valid appointment and rejects inconsistent totals and reversed times, naming the field', () => {
    expect(appointmentSchema.safeParse(appointment).success).toBe(true);
    const badTotal = appointmentSchema.safeParse({ ...appointment, totalMinor: 1 });
    expect(badTotal.success).toBe(false);
    expect(badTotal.error?.issues[0]?.path).toEqual(['totalMinor']);
    const reversed = appointmentSchema.safeParse({ ...appointment, end: appointment.start });
    expect(reversed.error?.issues[0]?.path).toEqual(['end']);
  });

  it('refuses unknown fields and non-UTC instants', () => {
    expect(appointmentSchema.safeParse({ ...appointment, extra: 1 }).success).toBe(false);
    expect(appointmentSchema.safeParse({ ...appointment, start: '2026-11-23T09:00:00+02:00' }).success).toBe(false);
  });

  it('requires an E.164 phone on a patient', () => {
    const patient = { id: appointment.patientId, clinicId, updatedAt: now, _deleted: false, name: 'Іван', phone: '+380501234567', tags: [] };
    expect(patientSchema.safeParse(patient).success).toBe(true);
    expect(patientSchema.safeParse({ ...patient, phone: '0501234567' }).error?.issues[0]?.path).toEqual(['phone']);
  });

  it('adds up durations and totals', () => {
    expect(totalDurationMin(appointment.items)).toBe(90);
    expect(totalPriceMinor(appointment.items)).toBe(7500);
    expect(totalDurationMin([])).toBe(0);
  });
});

describe('parsePhone', () => {
  it('normalises the formats receptionists type', () => {
    expect(parsePhone('050 123 45 67', 'UA')).toBe('+380501234567');
    expect(parsePhone('+7 (912) 345-67-89')).toBe('+79123456789');
    expect(parsePhone('8 (912) 345-67-89', 'RU')).toBe('+79123456789');
    expect(parsePhone('123', 'UA')).toBeNull();
  });
});
