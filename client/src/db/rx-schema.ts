/**
 * RxDB JSON schemas generated from the shared zod schemas (the single source of truth), so the device and
 * the server can never disagree about a document's shape. Snapshot-tested in rx-schema.test.ts.
 */
import type { RxJsonSchema } from 'rxdb';
import { z } from 'zod';
import {
  APPOINTMENT_SCHEMA_VERSION,
  CATALOG_SCHEMA_VERSION,
  COLLECTION_SCHEMAS,
  LEDGER_SCHEMA_VERSION,
  ACTIVITY_SCHEMA_VERSION,
  PATIENT_SCHEMA_VERSION,
  type CollectionName,
} from '../../../shared/src/domain/index.js';

type JsonSchema = { [key: string]: unknown; properties?: Record<string, JsonSchema>; required?: string[] };

const VERSIONS: Record<CollectionName, number> = {
  catalog: CATALOG_SCHEMA_VERSION,
  patients: PATIENT_SCHEMA_VERSION,
  appointments: APPOINTMENT_SCHEMA_VERSION,
  ledger: LEDGER_SCHEMA_VERSION,
  activities: ACTIVITY_SCHEMA_VERSION,
};

/** Dexie can index only required fields; indexed strings carry maxLength in the zod schema. */
const INDEXES: Record<CollectionName, string[]> = {
  catalog: [],
  patients: [],
  appointments: ['start'],
  ledger: [],
  activities: [],
};

/** Drops keywords RxDB's validator does not need (`format`, `$schema`) throughout a JSON schema. */
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'format' || key === '$schema') continue;
    out[key] = clean(value);
  }
  return out;
}

/** Flattens a discriminated union (`anyOf`/`oneOf` of objects) into one object: all properties, required = common ones. */
function flattenUnion(schema: JsonSchema): JsonSchema {
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!variants) return schema;
  const properties: Record<string, JsonSchema> = {};
  const kinds: unknown[] = [];
  for (const variant of variants) {
    for (const [key, value] of Object.entries(variant.properties ?? {})) {
      if ('const' in value) {
        kinds.push(value.const);
        properties[key] = { type: value.type ?? 'string', enum: kinds, maxLength: 20 };
      } else {
        properties[key] ??= value;
      }
    }
  }
  const required = variants
    .map((v) => v.required ?? [])
    .reduce((common, list) => common.filter((field) => list.includes(field)));
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The RxDB schema of `collection`: primary key `id`, `_deleted` left to RxDB, indexes from {@link INDEXES}. */
export function rxSchemaOf(collection: CollectionName): RxJsonSchema<any> {
  const json = flattenUnion(clean(z.toJSONSchema(COLLECTION_SCHEMAS[collection], { io: 'output', target: 'draft-7', unrepresentable: 'any' })) as JsonSchema);
  const { _deleted: _ignored, ...properties } = json.properties ?? {};
  return {
    version: VERSIONS[collection],
    primaryKey: 'id',
    type: 'object',
    properties,
    required: (json.required ?? []).filter((field) => field !== '_deleted'),
    additionalProperties: false,
    indexes: INDEXES[collection],
  } as RxJsonSchema<any>;
}
