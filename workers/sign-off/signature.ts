import crypto, { type KeyObject } from 'node:crypto';

/**
 * The Ed25519 signature of a sign-off: what is signed, how it is hashed, and how a stored
 * signature is checked later against the exact document text.
 */

export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The statement a signer makes: the fields covered by the signature. */
export interface SignedStatement {
  documentId: string;
  version: number;
  /** Lowercase hex SHA-256 of the exact document text (UTF-8). */
  contentHash: string;
  signer: string;
  role: string;
  decision: Decision;
  /** Epoch milliseconds; signed as an ISO date-time (UTC). */
  signedAt: number;
}

/** A stored signature: the statement, the base64 signature and the id of the key that made it. */
export interface SignatureRecord extends SignedStatement {
  signature: string;
  keyId: string;
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of `content`, without any normalisation. */
export function contentHash(content: string): string {
  return crypto.createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * The bytes that are signed: JSON of the statement with keys in code-point order and no
 * whitespace, `signedAt` as an ISO date-time.
 */
export function canonicalStatement(statement: SignedStatement): Buffer {
  const fields: Record<string, string | number> = {
    contentHash: statement.contentHash,
    decision: statement.decision,
    documentId: statement.documentId,
    role: statement.role,
    signedAt: new Date(statement.signedAt).toISOString(),
    signer: statement.signer,
    version: statement.version,
  };
  const ordered = Object.keys(fields).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(fields[k])}`);
  return Buffer.from(`{${ordered.join(',')}}`, 'utf8');
}

/** Hex SHA-256 of the public key (SPKI DER) of `key`, which may be the private or the public half. */
export function keyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? crypto.createPublicKey(key) : key;
  return crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Signs `statement` with the Ed25519 private key `signingKey`. */
export function signStatement(statement: SignedStatement, signingKey: KeyObject): SignatureRecord {
  const signature = crypto.sign(null, canonicalStatement(statement), signingKey).toString('base64');
  return { ...statement, signature, keyId: keyId(signingKey) };
}

/**
 * True only when `content` hashes to the signed content hash and the signature over the
 * statement verifies with `trustedKey` (the server's key, private or public half) — so any
 * change to the document, to a stored field or to the signature makes it false. A row claiming
 * another key id is false: the key to trust comes from the caller, never from the row.
 */
export function verifySignature(record: SignatureRecord, content: string, trustedKey: KeyObject): boolean {
  if (record.keyId !== keyId(trustedKey)) return false;
  if (contentHash(content) !== record.contentHash) return false;
  if (!DECISIONS.includes(record.decision)) return false;
  const publicKey = trustedKey.type === 'private' ? crypto.createPublicKey(trustedKey) : trustedKey;
  try {
    return crypto.verify(null, canonicalStatement(record), publicKey, Buffer.from(record.signature, 'base64'));
  } catch {
    return false;
  }
}
