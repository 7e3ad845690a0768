/** Reads of process definitions shared by the modeler, the version diff and the instance view. */
import { api, requestRaw } from './api';

/** The BPMN XML of one deployed version. */
export async function versionXml(processId: string, version: string | number): Promise<string> {
  const response = await requestRaw(`/api/definitions/${encodeURIComponent(processId)}/versions/${encodeURIComponent(String(version))}/xml`, { accept: 'application/xml, text/xml' });
  return response.text();
}

/** Our workers' element templates (an empty list when they cannot be read: the modeler still works). */
export async function elementTemplates(): Promise<unknown[]> {
  const templates = await api<unknown[]>('/api/element-templates').catch(() => []);
  return Array.isArray(templates) ? templates : [];
}
