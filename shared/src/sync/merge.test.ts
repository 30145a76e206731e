import { describe, expect, it } from 'vitest';
import { threeWayMerge } from './merge.js';

const base = { id: '1', name: 'Anna', phone: '+380501112233', notes: 'a', updatedAt: '2026-01-01T10:00:00.000Z', _deleted: false };

describe('threeWayMerge', () => {
  it('keeps a change made on one side only, from either side', () => {
    const ours = { ...base, name: 'Anna K.', updatedAt: '2026-01-01T11:00:00.000Z' };
    const theirs = { ...base, phone: '+380509998877', updatedAt: '2026-01-01T10:30:00.000Z' };
    const { merged, lost } = threeWayMerge(base, ours, theirs);
    expect(merged).toEqual({ ...base, name: 'Anna K.', phone: '+380509998877', updatedAt: '2026-01-01T11:00:00.000Z' });
    expect(lost).toEqual([]);
  });

  it("takes the server's value when both changed a field and reports ours as lost", () => {
    const { merged, lost } = threeWayMerge(base, { ...base, notes: 'ours' }, { ...base, notes: 'theirs' });
    expect(merged.notes).toBe('theirs');
    expect(lost).toEqual([{ field: 'notes', ours: 'ours', theirs: 'theirs' }]);
  });

  it('handles a field removed on one side', () => {
    const { merged } = threeWayMerge<Record<string, unknown>>(base, { ...base, notes: undefined }, base);
    expect('notes' in merged).toBe(false);
  });

  it('keeps a delete made on the server and an edit made offline reported', () => {
    const { merged, lost } = threeWayMerge(base, { ...base, name: 'B' }, { ...base, _deleted: true });
    expect(merged._deleted).toBe(true);
    expect(merged.name).toBe('B');
    expect(lost).toEqual([]);
  });
});
