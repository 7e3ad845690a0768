import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { AuditRepository } from '../store/audit.repository';
import type { Db } from '../store/database';
import { FormRepository } from '../store/form.repository';

/** A form id: what `zeebe:formKey` / `formId` names (letters, digits, `_ . -`). */
export const formId = z.string().regex(/^[A-Za-z0-9_][\w.-]{0,99}$/, 'expected a form id (letters, digits, _ . -)');

interface FormComponent {
  type: string;
  id?: string;
  key?: string;
  components?: FormComponent[];
  [more: string]: unknown;
}

/**
 * A form-js component. Loose on purpose: form-js components carry many optional properties
 * (label, validate, values, conditional, layout, ...) that the viewer owns; what the API relies
 * on is checked: a type, and a data key that is a plain (dotted) identifier.
 */
const component: z.ZodType<FormComponent> = z.lazy(() =>
  z
    .object({
      type: z.string().min(1).max(64),
      id: z.string().min(1).max(200).optional(),
      key: z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'expected a data key such as hearingRecord').max(200).optional(),
      components: z.array(component).max(500).optional(),
    })
    .loose(),
);

/** A form-js schema (`{ id, type: 'default', components, ... }`; further top-level properties are kept). */
export const formSchema = z
  .object({
    id: formId,
    type: z.literal('default').optional(),
    schemaVersion: z.number().int().min(1).optional(),
    components: z.array(component).max(500),
  })
  .loose();
export type FormSchema = z.infer<typeof formSchema>;

/** A display name: the schema's `name`, else its first heading text (`## 召开听证会` → `召开听证会`). */
export function formName(schema: Record<string, unknown>): string | null {
  if (typeof schema.name === 'string' && schema.name.trim()) return schema.name.trim().slice(0, 200);
  const components = Array.isArray(schema.components) ? (schema.components as FormComponent[]) : [];
  const heading = components.find((c) => c.type === 'text' && typeof c.text === 'string' && /^\s*#/.test(c.text));
  return heading ? String(heading.text).replace(/^\s*#+\s*/, '').split('\n')[0]!.trim().slice(0, 200) || null : null;
}

/** Every data key of a form, nested groups included; duplicates are refused on save. */
function keysOf(components: FormComponent[]): string[] {
  return components.flatMap((c) => [...(c.key ? [c.key] : []), ...keysOf(c.components ?? [])]);
}

/**
 * Stores the shipped forms (`<dir>/*.form`) that the table does not have yet; an administrator's
 * edits are never overwritten. Call once at start-up after the migrations. Returns the ids added.
 */
export async function seedForms(db: Db, options: { dir?: string; now?: number } = {}): Promise<string[]> {
  const dir = options.dir ?? path.resolve('processes/forms');
  if (!fs.existsSync(dir)) return [];
  const repository = new FormRepository(db);
  const added: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.form')).sort()) {
    const parsed = formSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a form-js schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const schema = parsed.data as Record<string, unknown>;
    const row = { id: parsed.data.id, name: formName(schema), schema, version: 1, updatedAt: options.now ?? Date.now(), updatedBy: 'seed' };
    if (await repository.insertMissing(row)) added.push(row.id);
  }
  return added;
}

/** The forms of the user tasks: list, read, and an administrator's edit (versioned and audited). */
export class FormService {
  constructor(
    private readonly repository: FormRepository,
    private readonly audit: AuditRepository,
    private readonly now: () => number,
  ) {}

  async list(): Promise<{ id: string; name: string | null; version: number; updatedAt: string }[]> {
    return (await this.repository.list()).map((f) => ({ ...f, updatedAt: new Date(f.updatedAt).toISOString() }));
  }

  /** The form-js schema. Throws `NotFound`. */
  async get(id: string): Promise<Record<string, unknown>> {
    const form = await this.repository.find(id);
    if (!form) throw new NotFound(`no form '${id}'`);
    return form.schema;
  }

  /**
   * Creates or replaces a form. Throws `Invalid` (schema id not the path's, duplicate data keys)
   * or `Conflict` when another edit was saved at the same moment.
   */
  async save(id: string, schema: FormSchema, actor: Principal): Promise<{ id: string; version: number }> {
    if (schema.id !== id) throw new Invalid(`the schema's id '${schema.id}' is not the form id '${id}'`, [{ field: 'id', message: `expected '${id}'` }]);
    const keys = keysOf(schema.components);
    const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
    if (duplicate) throw new Invalid(`the data key '${duplicate}' is used by two fields`, [{ field: 'components', message: `duplicate key '${duplicate}'` }]);
    const before = await this.repository.find(id);
    const stored = schema as Record<string, unknown>;
    const saved = await this.repository.save({ id, name: formName(stored), schema: stored, updatedAt: this.now(), updatedBy: actor.id }, before?.version);
    if (!saved) throw new Conflict(`form '${id}' was changed by someone else meanwhile; reload it`);
    await this.audit.record({
      actor: actor.id,
      action: before ? 'form.update' : 'form.create',
      resource: 'form',
      resourceId: id,
      before: before ? { version: before.version, schema: before.schema } : null,
      after: { version: saved.version, schema: saved.schema },
    });
    return { id, version: saved.version };
  }
}

/** The element templates of our workers (`<dir>/<worker>/template.json`), read once. */
export function loadElementTemplates(dir = path.resolve('workers')): unknown[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'template.json')))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => JSON.parse(fs.readFileSync(path.join(dir, entry.name, 'template.json'), 'utf8')) as unknown);
}
