import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SignatureAlgorithm, SignOffKeys } from './signature';
import { loadOrCreateSm2Key, SM2_KEY_FILE } from './sm2';

/** File name of the server's sign-off key inside the data folder. */
export const SIGNING_KEY_FILE = 'signing-key.pem';

/**
 * The server's Ed25519 sign-off key from `<dir>/signing-key.pem` (PKCS#8 PEM), created with
 * mode 0600 on first use. Losing the file means earlier signatures can no longer be checked
 * with this server's key: back it up with the database.
 */
export function loadOrCreateSigningKey(dir: string): KeyObject {
  const file = path.join(dir, SIGNING_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    try {
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process created it first: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = crypto.createPrivateKey(fs.readFileSync(file, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key (found ${key.asymmetricKeyType})`);
  return key;
}

/**
 * The server's sign-off keyring: the Ed25519 key always (it verifies earlier signatures and is the
 * default), the SM2 key when `algorithm` is `sm2-sm3` or an SM2 key file already exists (so
 * signatures made before switching back to Ed25519 stay verifiable).
 */
export function loadSignOffKeys(dir: string, algorithm: SignatureAlgorithm = 'ed25519'): SignOffKeys {
  const ed25519 = loadOrCreateSigningKey(dir);
  const sm2 = algorithm === 'sm2-sm3' || fs.existsSync(path.join(dir, SM2_KEY_FILE)) ? loadOrCreateSm2Key(dir) : undefined;
  return { algorithm, ed25519, sm2 };
}
