/**
 * Names where the API gives ids: document categories (from domain/categories.ts, the one list the
 * server validates against), the four regimes' processes (UI strings) and departments (read once
 * from `GET /api/departments` after sign-in). Each falls back to the id it was given.
 */
import { useEffect, useState } from 'preact/hooks';
import { DOCUMENT_CATEGORIES } from '../../domain/categories';
import { locale, t, type MessageKey } from '../i18n';
import { api } from './api';
import type { Department } from './types';

const categories = new Map<string, { zh: string; en: string }>(DOCUMENT_CATEGORIES.map((c) => [c.id, c]));

/** A document category in the UI language ('减税降费'); an unknown category as it came, '—' for none. */
export function categoryName(id: string | null | undefined): string {
  if (!id) return '—';
  const category = categories.get(id);
  return category ? (locale === 'en' ? category.en : category.zh) : id;
}

const PROCESSES = ['research-deliberation', 'publication-interpretation', 'third-party-evaluation', 'normative-document-cleanup'] as const;

/** One of the four regimes' processes by name ('调研论证'); any other process id as it came. */
export function processName(bpmnProcessId: string): string {
  return (PROCESSES as readonly string[]).includes(bpmnProcessId) ? t(`process.${bpmnProcessId}` as MessageKey) : bpmnProcessId;
}

let directory: Map<string, Department> | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

/**
 * Reads the department list once (again only after `forgetDepartments`). A failure leaves ids on
 * screen and lets the next call try again.
 */
export function loadDepartments(): Promise<void> {
  if (directory) return Promise.resolve();
  loading ??= api<Department[]>('/api/departments').then(
    (list) => {
      directory = new Map(list.map((d) => [d.id, d]));
      loading = null;
      for (const listener of listeners) listener();
    },
    () => {
      loading = null;
    },
  );
  return loading;
}

/** Drops the list (on sign-out), so the next sign-in reads it afresh. */
export function forgetDepartments(): void {
  directory = null;
}

/** A department's name in the UI language; an unknown id as it came, '—' for none. */
export function departmentName(id: string | null | undefined): string {
  if (!id) return '—';
  const department = directory?.get(id);
  return department ? (locale === 'en' ? department.nameEn : department.name) : id;
}

/** Whether the list has been read (so a page can prefer the server's own name until then). */
export function departmentsLoaded(): boolean {
  return directory !== null;
}

/** Re-renders the calling component once the department list arrives (and starts reading it). */
export function useDepartmentNames(): typeof departmentName {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    void loadDepartments();
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return departmentName;
}
