import { z } from 'zod';
import { DOCUMENT_STATUSES } from './documents.service';

/**
 * What the records routes answer, as the OpenAPI document describes it (documents.http.ts turns
 * the store's epoch-ms `...At` fields into ISO-8601 strings on the way out). The shared pieces of
 * every records area come first, then documents, versions and signatures.
 */

/** An instant as the API answers it: ISO-8601 in UTC, e.g. `2026-11-27T01:00:00.000Z`. */
export const isoInstant = z.iso.datetime();

/** A page of a list as the contract answers it (`?page=&pageSize=`). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** Confidential contact data of a stakeholder or commenter, opened for the drafting department only. */
export const contactSchema = z.object({
  phone: z.string().optional(),
  email: z.string().optional(),
  wechat: z.string().optional(),
  address: z.string().optional(),
  postalAddress: z.string().optional(),
});

export const documentSchema = z.object({
  id: z.string(),
  number: z.string().nullable().describe('文号, e.g. 沈政发〔2026〕12号; set when issued'),
  title: z.string(),
  category: z.string().describe('one of the document categories (tax-and-fee-cuts, innovation, ...)'),
  draftingDept: z.string().describe('the drafting department (a department id)'),
  leadDept: z.string().nullable(),
  status: z.enum(DOCUMENT_STATUSES),
  summary: z.string(),
  currentVersion: z.number().int().describe('the latest version (0 before the first)'),
  publishedAt: isoInstant.nullable(),
  createdBy: z.string(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export const documentPage = pageOf(documentSchema);

/** A version without its text. */
export const versionSummary = z.object({
  documentId: z.string(),
  version: z.number().int(),
  contentHash: z.string().describe('lowercase hex SHA-256 of the text (UTF-8): what sign-offs cover'),
  note: z.string(),
  createdBy: z.string(),
  createdAt: isoInstant,
});
export const versionSchema = versionSummary.extend({ content: z.string() });

/** A sign-off signature, verified when read. */
export const signatureSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  version: z.number().int(),
  contentHash: z.string().describe('hex digest of the signed text: SHA-256, or SM3 for sm2-sm3'),
  signer: z.string(),
  role: z.string(),
  decision: z.enum(['approve', 'reject']),
  signedAt: isoInstant,
  signature: z.string().describe('base64 signature of the canonical statement'),
  keyId: z.string().describe("hex SHA-256 of the signing key's public key"),
  algorithm: z.enum(['ed25519', 'sm2-sm3']),
  valid: z.boolean().describe("whether the signature verifies now, with the server's key, against the version's stored text"),
});
