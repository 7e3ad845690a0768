import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { CHINA_ZONE } from '../calendar/working-days';
import type { Principal } from '../domain/principal';
import type { AuditRepository } from '../store/audit.repository';
import type { Db } from '../store/database';

/**
 * What a recorder (api/<resource>.recorders.ts) gets when a person completed a task: the
 * transaction to write in, who completed it, the task, the variables it was created with, what
 * was submitted, and both together as context (e.g. `documentId`, `campaignId`, the
 * multi-instance `expert`).
 */
export interface TaskRecording {
  db: Db;
  audit: AuditRepository;
  logger: Logger;
  now: number;
  principal: Principal;
  task: { id: string; elementId: string; formId: string | null; bpmnProcessId: string; processInstanceKey: string; documentId: string | null };
  /** The task's variables when it was created. */
  created: Record<string, unknown>;
  submitted: Record<string, unknown>;
  /** `created` overlaid with `submitted`. */
  context: Record<string, unknown>;
}

/** A recorder turns one form's submission into records; it must be idempotent (a completion may be retried). */
export type Recorder = (recording: TaskRecording) => Promise<void>;

/** A stable UUID for the record a task makes, so that recording the same task twice writes it once. */
export function taskRecordId(kind: string, taskId: string): string {
  const h = crypto.createHash('sha256').update(`${kind}:${taskId}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A non-blank string value, else undefined. */
export function stringValue(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** A form date-time (`2026-12-01T09:00`, with or without offset; without it is China Standard Time) as epoch ms. */
export function timeValue(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const parsed = DateTime.fromISO(value, { zone: CHINA_ZONE });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/** A number from a form number field (number or numeric string). */
export function numberValue(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A form field by key, also when the key is a path (`expertOpinion.opinion`) submitted nested or flat. */
export function field(values: Record<string, unknown>, key: string): unknown {
  if (key in values) return values[key];
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), values);
}

/** Names from a free-text list (one per line, or separated by 、，,;；). */
export function names(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[\n\r、，,;；]+/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0)
    .slice(0, 1_000);
}

/** The document the task works on: the inbox's documentId, else the `documentId` variable. */
export function documentIdOf(recording: TaskRecording): string | undefined {
  return recording.task.documentId ?? stringValue(recording.context.documentId);
}
