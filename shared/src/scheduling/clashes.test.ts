import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/prng.js';
import { clashesWith, clashingAppointmentIds, findClashes, type ClashInput } from './clashes.js';

const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
function appt(id: string, start: string, end: string, over: Partial<ClashInput> = {}): ClashInput {
  return { id, doctorId: 'd1', chairId: 'c1', start: at(start), end: at(end), status: 'scheduled', _deleted: false, ...over };
}

describe('findClashes', () => {
  it('finds a doctor and a chair clash for the same pair', () => {
    const clashes = findClashes([appt('a', '09:00', '10:00'), appt('b', '09:30', '10:30')]);
    expect(clashes).toEqual([
      { resource: 'doctor', resourceId: 'd1', appointmentIds: ['a', 'b'] },
      { resource: 'chair', resourceId: 'c1', appointmentIds: ['a', 'b'] },
    ]);
  });

  it('treats back-to-back visits as no clash', () => {
    expect(findClashes([appt('a', '09:00', '10:00'), appt('b', '10:00', '11:00')])).toEqual([]);
  });

  it('only clashes on the shared resource', () => {
    const clashes = findClashes([
      appt('a', '09:00', '10:00', { doctorId: 'd1', chairId: 'c1' }),
      appt('b', '09:15', '09:45', { doctorId: 'd2', chairId: 'c1' }),
    ]);
    expect(clashes).toEqual([{ resource: 'chair', resourceId: 'c1', appointmentIds: ['a', 'b'] }]);
  });

  it('ignores cancelled, no-show and deleted appointments', () => {
    const clashes = findClashes([
      appt('a', '09:00', '10:00'),
      appt('b', '09:00', '10:00', { status: 'cancelled' }),
      appt('c', '09:00', '10:00', { status: 'no_show' }),
      appt('d', '09:00', '10:00', { _deleted: true }),
    ]);
    expect(clashes).toEqual([]);
  });

  it('finds every pair when a long visit overlaps several short ones', () => {
    const clashes = findClashes([
      appt('long', '09:00', '12:00', { chairId: 'x' }),
      appt('s1', '09:00', '09:30', { chairId: 'y' }),
      appt('s2', '10:00', '10:30', { chairId: 'z' }),
      appt('s3', '11:30', '12:30', { chairId: 'w' }),
    ]);
    expect(clashes.map((c) => c.appointmentIds.join('+')).sort()).toEqual(['long+s1', 'long+s2', 'long+s3']);
    expect(clashingAppointmentIds(clashes)).toEqual(new Set(['long', 's1', 's2', 's3']));
  });

  it('agrees with the pairwise check on random data', () => {
    const random = mulberry32(7);
    const list = Array.from({ length: 60 }, (_, i) => {
      const startMin = Math.floor(random() * 600);
      const start = new Date(Date.UTC(2026, 2, 2, 8, startMin)).toISOString();
      const end = new Date(Date.UTC(2026, 2, 2, 8, startMin + 15 + Math.floor(random() * 90))).toISOString();
      return { ...appt(`a${String(i).padStart(2, '0')}`, '00:00', '01:00'), start, end, doctorId: `d${Math.floor(random() * 3)}`, chairId: `c${Math.floor(random() * 3)}` };
    });
    const sweep = findClashes(list).map((c) => `${c.resource}:${c.appointmentIds.join('+')}`).sort();
    const pairwise = list.flatMap((a) => clashesWith(a, list)).map((c) => `${c.resource}:${c.appointmentIds.join('+')}`);
    expect(sweep).toEqual([...new Set(pairwise)].sort());
    expect(sweep.length).toBeGreaterThan(0);
  });
});

describe('clashesWith', () => {
  it('warns about a candidate overlapping an existing booking and skips itself', () => {
    const existing = [appt('a', '09:00', '10:00')];
    expect(clashesWith(appt('new', '09:45', '10:15', { chairId: 'c2' }), existing)).toEqual([
      { resource: 'doctor', resourceId: 'd1', appointmentIds: ['a', 'new'] },
    ]);
    expect(clashesWith(appt('a', '09:00', '10:00'), existing)).toEqual([]);
  });
});
