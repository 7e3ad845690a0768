/**
 * The visual diff of two process versions: every element is reduced to a fingerprint (type, name
 * and its semantic attributes, references by id, layout ignored) and the two sets are compared by
 * element id.
 */

export interface Fingerprint {
  id: string;
  type: string;
  name: string | null;
  /** Canonical JSON of the element's semantic properties. */
  signature: string;
}

export interface DiffEntry {
  id: string;
  type: string;
  name: string | null;
  change: 'added' | 'removed' | 'changed';
  /** For changed elements: the property paths that differ. */
  fields?: string[];
}

/** A moddle object as far as fingerprints need it. */
export interface ModdleObject {
  $type: string;
  id?: string;
  name?: string;
  $descriptor?: { propertiesByName?: Record<string, { isReference?: boolean } | undefined> };
  $attrs?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Properties that are structure or layout, not the element's own meaning. */
const SKIPPED = new Set(['di', 'incoming', 'outgoing', 'flowElements', 'artifacts', 'laneSets', 'lanes', 'flowNodeRef', 'childLaneSet', 'extensionValues']);

function isModdle(value: unknown): value is ModdleObject {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/** A plain, key-sorted value for a moddle property (references become `#id`). */
export function canonical(value: unknown, isReference = false, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item, isReference, depth));
  if (!isModdle(value)) return value;
  if (isReference || depth > 6) return `#${value.id ?? value.$type}`;
  const result: Record<string, unknown> = { $type: value.$type };
  const descriptors = value.$descriptor?.propertiesByName ?? {};
  for (const key of Object.keys(value).sort()) {
    if (key.startsWith('$') || SKIPPED.has(key) || value[key] === undefined) continue;
    result[key] = canonical(value[key], Boolean(descriptors[key]?.isReference), depth + 1);
  }
  for (const [key, attr] of Object.entries(value.$attrs ?? {}).sort(([a], [b]) => a.localeCompare(b))) result[`@${key}`] = attr;
  return result;
}

/** The fingerprint of one element. */
export function fingerprint(businessObject: ModdleObject): Fingerprint {
  return {
    id: businessObject.id ?? '',
    type: businessObject.$type,
    name: businessObject.name ?? null,
    signature: JSON.stringify(canonical(businessObject)),
  };
}

/** Top-level keys whose values differ between two signatures. */
function changedFields(before: string, after: string): string[] {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}

/** Compares the fingerprints of two versions: what was added, removed and changed, by id. */
export function diffVersions(before: Fingerprint[], after: Fingerprint[]): DiffEntry[] {
  const old = new Map(before.map((f) => [f.id, f]));
  const next = new Map(after.map((f) => [f.id, f]));
  const entries: DiffEntry[] = [];
  for (const f of after) {
    const previous = old.get(f.id);
    if (!previous) entries.push({ id: f.id, type: f.type, name: f.name, change: 'added' });
    else if (previous.signature !== f.signature) entries.push({ id: f.id, type: f.type, name: f.name, change: 'changed', fields: changedFields(previous.signature, f.signature) });
  }
  for (const f of before) if (!next.has(f.id)) entries.push({ id: f.id, type: f.type, name: f.name, change: 'removed' });
  return entries;
}
