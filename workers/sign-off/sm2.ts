import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import smCrypto from 'sm-crypto';

/**
 * SM2 signatures with SM3 digests (GB/T 32918, GB/T 32905), the Chinese commercial cryptography
 * that government systems are expected to offer, next to the default Ed25519. Signatures are
 * DER-encoded (r, s) over SM3(Z‖message) with the standard default signer id
 * `1234567812345678` (GB/T 35276), so OpenSSL 3 verifies them:
 * `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678 ...`.
 * Node's crypto knows the SM2 curve but signs ECDSA with it, which is not SM2; the arithmetic
 * comes from `sm-crypto`.
 */

// a CommonJS package: Node's ESM loader sees only its default export
const { sm2, sm3 } = smCrypto;

/** Default signer distinguishing id of GB/T 35276. */
export const SM2_DEFAULT_ID = '1234567812345678';

/** File name of the server's SM2 key inside the data folder. */
export const SM2_KEY_FILE = 'signing-key.sm2.json';

/** The DER prefix of a SubjectPublicKeyInfo for an SM2 point: id-ecPublicKey with the curve 1.2.156.10197.1.301. */
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

export interface Sm2KeyPair {
  /** 32-byte private scalar, lowercase hex. */
  privateKey: string;
  /** Uncompressed point 04‖x‖y, lowercase hex (65 bytes). */
  publicKey: string;
}

const HEX_PRIVATE = /^[0-9a-f]{64}$/;
const HEX_PUBLIC = /^04[0-9a-f]{128}$/;

/** A new SM2 key pair. */
export function generateSm2KeyPair(): Sm2KeyPair {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey: privateKey.padStart(64, '0'), publicKey };
}

/** Lowercase hex SM3 of the UTF-8 bytes of `content`. */
export function sm3Hash(content: string): string {
  return sm3(Buffer.from(content, 'utf8'));
}

/** The public key as a SubjectPublicKeyInfo PEM (what OpenSSL and other verifiers read). */
export function sm2PublicKeyPem(publicKey: string): string {
  const der = Buffer.concat([SPKI_PREFIX, Buffer.from(publicKey, 'hex')]);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** Hex SHA-256 of the public key's SubjectPublicKeyInfo DER, the same key id scheme as for Ed25519 keys. */
export function sm2KeyId(publicKey: string): string {
  return crypto.createHash('sha256').update(Buffer.concat([SPKI_PREFIX, Buffer.from(publicKey, 'hex')])).digest('hex');
}

/** Signs `message` (its UTF-8 bytes); returns the DER signature in base64. */
export function sm2Sign(message: Buffer, key: Sm2KeyPair, signerId = SM2_DEFAULT_ID): string {
  const hex = sm2.doSignature(Array.from(message), key.privateKey, { hash: true, der: true, publicKey: key.publicKey, userId: signerId });
  return Buffer.from(hex, 'hex').toString('base64');
}

/** True only when `signature` (base64 DER) is `publicKey`'s SM2 signature of `message`. */
export function sm2Verify(message: Buffer, signature: string, publicKey: string, signerId = SM2_DEFAULT_ID): boolean {
  if (!HEX_PUBLIC.test(publicKey)) return false;
  try {
    const hex = Buffer.from(signature, 'base64').toString('hex');
    return hex.length > 0 && sm2.doVerifySignature(Array.from(message), hex, publicKey, { hash: true, der: true, userId: signerId });
  } catch {
    return false;
  }
}

/**
 * The server's SM2 key from `<dir>/signing-key.sm2.json`, created with mode 0600 on first use.
 * Back it up with the database: without it earlier signatures cannot be checked with this key.
 */
export function loadOrCreateSm2Key(dir: string): Sm2KeyPair {
  const file = path.join(dir, SM2_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.writeFileSync(file, `${JSON.stringify(generateSm2KeyPair(), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process created it first: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Sm2KeyPair>;
  if (typeof key.privateKey !== 'string' || !HEX_PRIVATE.test(key.privateKey) || typeof key.publicKey !== 'string' || !HEX_PUBLIC.test(key.publicKey)) {
    throw new Error(`${file} is not an SM2 key pair ({privateKey: 64 hex digits, publicKey: 04 + 128 hex digits})`);
  }
  const derived = sm2.getPublicKeyFromPrivateKey(key.privateKey);
  if (derived !== key.publicKey) throw new Error(`${file}: the public key does not belong to the private key`);
  return { privateKey: key.privateKey, publicKey: key.publicKey };
}
