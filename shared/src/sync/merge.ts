/**
 * Field-level three-way merge of a document edited on two sides (DESIGN.md "Conflicts and clashes").
 * base = what the device last saw from the server, ours = the device's edit, theirs = the server's document now.
 */

/** A field both sides changed: the server's value wins and the device's value is reported here, not lost. */
export interface LostFieldValue {
  field: string;
  ours: unknown;
  theirs: unknown;
}

export interface MergeResult<Doc> {
  merged: Doc;
  lost: LostFieldValue[];
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Merges top-level fields: changed on one side only → that side's value; changed on both to different values →
 * the server's (`theirs`), with ours reported in `lost`. `updatedAt` takes the later of the two and is never "lost".
 * Without a base (both sides created the same id) every differing field counts as changed on both.
 */
export function threeWayMerge<Doc extends Record<string, unknown>>(
  base: Doc | undefined,
  ours: Doc,
  theirs: Doc,
): MergeResult<Doc> {
  const merged: Record<string, unknown> = {};
  const lost: LostFieldValue[] = [];
  const fields = new Set([...Object.keys(ours), ...Object.keys(theirs), ...Object.keys(base ?? {})]);
  for (const field of fields) {
    const o = ours[field];
    const t = theirs[field];
    const b = base?.[field];
    let value: unknown;
    if (field === 'updatedAt') value = String(o ?? '') > String(t ?? '') ? o : t;
    else if (jsonEqual(o, t)) value = t;
    else if (base && jsonEqual(b, t)) value = o;
    else if (base && jsonEqual(b, o)) value = t;
    else {
      value = t;
      lost.push({ field, ours: o, theirs: t });
    }
    if (value !== undefined) merged[field] = value;
  }
  return { merged: merged as Doc, lost };
}
