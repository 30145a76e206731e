/** Places a day's appointments side by side when they overlap, so none hides another on the calendar. */

export interface Placed<T> {
  item: T;
  /** 0-based column within its overlapping group. */
  lane: number;
  /** Columns in its overlapping group. */
  lanes: number;
}

/** Greedy lane assignment over items sorted by start; `start`/`end` are comparable numbers (e.g. epoch ms). */
export function placeInLanes<T>(items: readonly T[], range: (item: T) => { start: number; end: number }): Placed<T>[] {
  const sorted = items.map((item) => ({ item, ...range(item) })).sort((a, b) => a.start - b.start || a.end - b.end);
  const placed: Placed<T>[] = [];
  let group: (Placed<T> & { end: number })[] = [];
  let groupEnd = -Infinity;
  const flush = () => {
    const lanes = Math.max(1, ...group.map((g) => g.lane + 1));
    for (const g of group) placed.push({ item: g.item, lane: g.lane, lanes });
    group = [];
  };
  for (const entry of sorted) {
    if (entry.start >= groupEnd) {
      flush();
      groupEnd = -Infinity;
    }
    const used = new Set(group.filter((g) => g.end > entry.start).map((g) => g.lane));
    let lane = 0;
    while (used.has(lane)) lane += 1;
    group.push({ item: entry.item, lane, lanes: 0, end: entry.end });
    groupEnd = Math.max(groupEnd, entry.end);
  }
  flush();
  return placed;
}
