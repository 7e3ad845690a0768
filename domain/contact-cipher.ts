import crypto from 'node:crypto';

/** Contact data of a stakeholder or commenter: confidential (保密), stored only encrypted. */
export interface Contact {
  phone?: string;
  email?: string;
  wechat?: string;
  address?: string;
  postalAddress?: string;
}

const VERSION = 'v1';

/**
 * AES-256-GCM for contact data at rest. A ciphertext is `v1.<iv>.<tag>.<data>` (base64url); the
 * record id is bound in as associated data, so a ciphertext copied onto another row does not
 * decrypt. Who may call `open` is decided by the services (the drafting department only).
 */
export class ContactCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the contact key must be 32 bytes');
  }

  seal(recordId: string, contact: Contact): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(recordId, 'utf8'));
    const data = Buffer.concat([cipher.update(JSON.stringify(contact), 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** Throws when the ciphertext was tampered with, belongs to another record or another key. */
  open(recordId: string, sealed: string): Contact {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a sealed contact');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(recordId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Contact;
  }
}
