import crypto from 'node:crypto';
import type { Contact, ContactCipher } from '../../domain/contact-cipher';
import type { Db } from '../../store/database';
import { documentProcesses, documents, documentVersions, stakeholders } from '../../store/schema';
import { T0 } from '../support/engine-harness';

/**
 * Records the worker tests start from, written with the real schema: documents with their
 * versions, stakeholders with sealed contacts, the link of a process instance to its document.
 */

export const DAY = 86_400_000;

export type GivenDocument = Partial<typeof documents.$inferInsert> & { id: string; title: string };

/** A document with `versions` versions (the last one current), drafted by dept-industry unless said otherwise. */
export async function givenDocument(db: Db, document: GivenDocument, versions = 1): Promise<void> {
  const createdAt = T0 - 30 * DAY;
  await db.insert(documents).values({
    category: 'innovation',
    draftingDept: 'dept-industry',
    status: 'signed',
    currentVersion: versions,
    createdBy: 'user-industry',
    createdAt,
    updatedAt: createdAt,
    ...document,
  });
  for (let version = 1; version <= versions; version++) {
    const content = `${document.title}\n（第${version}稿）\n第一条 为推动数字经济高质量发展，制定本措施。\n`;
    await db.insert(documentVersions).values({
      documentId: document.id,
      version,
      content,
      contentHash: crypto.createHash('sha256').update(content, 'utf8').digest('hex'),
      createdBy: 'user-industry',
      createdAt: createdAt + version * DAY,
    });
  }
}

export interface GivenStakeholder {
  id: string;
  documentId: string;
  name: string;
  kind?: (typeof stakeholders.$inferInsert)['kind'];
  contact: Contact;
}

/** A stakeholder of a document whose contact is sealed with `cipher`, bound to the stakeholder id. */
export async function givenStakeholder(db: Db, cipher: ContactCipher, s: GivenStakeholder): Promise<void> {
  await db.insert(stakeholders).values({
    id: s.id,
    documentId: s.documentId,
    name: s.name,
    kind: s.kind ?? 'enterprise',
    collectedVia: 'symposium',
    contactCiphertext: cipher.seal(s.id, s.contact),
    createdBy: 'user-industry',
    createdAt: T0 - 20 * DAY,
  });
}

/** Links a process instance to the document it works on, as the API does when it starts one. */
export async function givenProcessOf(db: Db, processInstanceKey: string, documentId: string, bpmnProcessId: string): Promise<void> {
  await db.insert(documentProcesses).values({ processInstanceKey, documentId, bpmnProcessId, startedAt: T0 });
}
