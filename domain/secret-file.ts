import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A random secret of `bytes` bytes kept base64 in `<dir>/<name>` (mode 0600), created on first
 * use: the embedded default for keys an operator sets by configuration in production. Back the
 * file up with the database — data encrypted with it cannot be read without it.
 */
export function loadOrCreateSecret(dir: string, name: string, bytes = 32): Buffer {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(bytes).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process created it first: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length !== bytes) throw new Error(`${file} does not hold ${bytes} base64 bytes`);
  return secret;
}
