import crypto, { type KeyObject } from 'node:crypto';
import { sm2KeyId, sm2Sign, sm2Verify, sm3Hash, type Sm2KeyPair } from './sm2';

/**
 * The Ed25519 signature of a sign-off: what is signed, how it is hashed, and how a stored
 * signature is checked later against the exact document text.
 */

export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * How statements are signed: Ed25519 over the statement with SHA-256 content hashes (the
 * default), or SM2 with SM3 digests and SM3 content hashes (GB/T 32918 and 32905).
 */
export const SIGNATURE_ALGORITHMS = ['ed25519', 'sm2-sm3'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

/**
 * The server's sign-off keys: `algorithm` signs new statements; both kinds verify the ones made
 * with them, so switching the algorithm keeps earlier signatures checkable. The SM2 pair may be
 * the public half only where nothing is signed.
 */
export interface SignOffKeys {
  algorithm: SignatureAlgorithm;
  ed25519: KeyObject;
  sm2?: Sm2KeyPair | { publicKey: string; privateKey?: undefined };
}

/** A bare Ed25519 key stands for a keyring that signs with it. */
export function keyring(keys: KeyObject | SignOffKeys): SignOffKeys {
  return 'algorithm' in keys && 'ed25519' in keys ? keys : { algorithm: 'ed25519', ed25519: keys as KeyObject };
}

/** Lowercase hex digest of the exact text for `algorithm`: SHA-256, or SM3 for SM2 signatures. */
export function hashContent(algorithm: SignatureAlgorithm, content: string): string {
  return algorithm === 'sm2-sm3' ? sm3Hash(content) : contentHash(content);
}

/** The statement a signer makes: the fields covered by the signature. */
export interface SignedStatement {
  documentId: string;
  version: number;
  /** Lowercase hex digest of the exact document text (UTF-8): SHA-256, or SM3 with SM2 (see hashContent). */
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
  /** Absent on records made before SM2 was offered: Ed25519. */
  algorithm?: SignatureAlgorithm | string;
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

/**
 * Signs `statement` with the keyring's signing algorithm (a bare key: Ed25519). The statement's
 * `contentHash` must be that algorithm's digest of the text (`hashContent`).
 */
export function signStatement(statement: SignedStatement, keys: KeyObject | SignOffKeys): SignatureRecord & { algorithm: SignatureAlgorithm } {
  const ring = keyring(keys);
  if (ring.algorithm === 'sm2-sm3') {
    if (!ring.sm2?.privateKey) throw new Error('signing with SM2 needs the SM2 private key');
    return { ...statement, signature: sm2Sign(canonicalStatement(statement), ring.sm2), keyId: sm2KeyId(ring.sm2.publicKey), algorithm: 'sm2-sm3' };
  }
  const signature = crypto.sign(null, canonicalStatement(statement), ring.ed25519).toString('base64');
  return { ...statement, signature, keyId: keyId(ring.ed25519), algorithm: 'ed25519' };
}

/**
 * True only when `content` hashes to the signed content hash and the signature over the
 * statement verifies with the trusted key of the record's algorithm (the server's keys, private
 * or public halves) — so any change to the document, to a stored field or to the signature
 * makes it false. A row claiming another key id is false: the key to trust comes from the
 * caller, never from the row.
 */
export function verifySignature(record: SignatureRecord, content: string, trusted: KeyObject | SignOffKeys): boolean {
  const ring = keyring(trusted);
  const algorithm = record.algorithm ?? 'ed25519';
  if (algorithm !== 'ed25519' && algorithm !== 'sm2-sm3') return false;
  if (!DECISIONS.includes(record.decision)) return false;
  if (hashContent(algorithm, content) !== record.contentHash) return false;
  if (algorithm === 'sm2-sm3') {
    if (!ring.sm2 || record.keyId !== sm2KeyId(ring.sm2.publicKey)) return false;
    return sm2Verify(canonicalStatement(record), record.signature, ring.sm2.publicKey);
  }
  if (record.keyId !== keyId(ring.ed25519)) return false;
  const publicKey = ring.ed25519.type === 'private' ? crypto.createPublicKey(ring.ed25519) : ring.ed25519;
  try {
    return crypto.verify(null, canonicalStatement(record), publicKey, Buffer.from(record.signature, 'base64'));
  } catch {
    return false;
  }
}
