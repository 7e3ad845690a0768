import { bigint, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The form-js forms the user tasks show (`zeebe:formKey` / `formId` names the row). Seeded from
 * `processes/forms/*.form` when missing; an administrator's edit replaces the schema and raises
 * `version` (the audit log keeps every earlier schema as the edit's `before`).
 */
export const forms = pgTable('forms', {
  /** The form-js schema's own `id`, e.g. `hearing`. */
  id: text('id').primaryKey(),
  /** A display name: the schema's first heading, for the form list. */
  name: text('name'),
  /** The form-js schema JSON ({ id, components, ... }). */
  schema: jsonb('schema').$type<Record<string, unknown>>().notNull(),
  /** 1 when seeded or first saved; +1 on every edit. */
  version: integer('version').notNull().default(1),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  /** A user id, or `seed` for the shipped forms. */
  updatedBy: text('updated_by').notNull(),
});
