import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSm2KeyPair, loadOrCreateSm2Key, SM2_KEY_FILE, sm2KeyId, sm2PublicKeyPem, sm2Sign, sm2Verify, sm3Hash } from './sm2';

const STATEMENT = Buffer.from('{"contentHash":"ab","decision":"approve","documentId":"DOC-2026-017","role":"leader","signer":"wang.wu","version":3}', 'utf8');

describe('SM3', () => {
  it('hashes the GB/T 32905 example "abc" to its published digest, as OpenSSL does', () => {
    // when / then
    expect(sm3Hash('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    const text = '关于促进民营经济发展的若干措施\n第一条';
    expect(sm3Hash(text)).toBe(crypto.createHash('sm3').update(text, 'utf8').digest('hex'));
  });
});

describe('SM2 signatures', () => {
  const key = generateSm2KeyPair();

  it('verify for the signed bytes and key only', () => {
    // given
    const signature = sm2Sign(STATEMENT, key);

    // then
    expect(sm2Verify(STATEMENT, signature, key.publicKey)).toBe(true);
    expect(sm2Verify(Buffer.from(STATEMENT.toString().replace('approve', 'reject')), signature, key.publicKey)).toBe(false);
    expect(sm2Verify(STATEMENT, signature, generateSm2KeyPair().publicKey)).toBe(false);
    expect(sm2Verify(STATEMENT, signature, key.publicKey, 'another-signer-id')).toBe(false);
    expect(sm2Verify(STATEMENT, 'bm90IGEgc2lnbmF0dXJl', key.publicKey)).toBe(false);
    expect(sm2Verify(STATEMENT, signature, 'not a key')).toBe(false);
  });

  it('are accepted by OpenSSL with the standard signer id, and a changed statement is refused', () => {
    // given a signature and the public key as a PEM file
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm2-'));
    const files = { key: path.join(dir, 'key.pem'), message: path.join(dir, 'statement.json'), changed: path.join(dir, 'changed.json'), signature: path.join(dir, 'signature.der') };
    fs.writeFileSync(files.key, sm2PublicKeyPem(key.publicKey));
    fs.writeFileSync(files.message, STATEMENT);
    fs.writeFileSync(files.changed, Buffer.from(STATEMENT.toString().replace('3}', '4}')));
    fs.writeFileSync(files.signature, Buffer.from(sm2Sign(STATEMENT, key), 'base64'));
    const verify = (message: string) => {
      try {
        return execFileSync('openssl', ['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-pubin', '-inkey', files.key, '-in', message, '-sigfile', files.signature], { encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    };

    // then
    expect(verify(files.message)).toContain('Signature Verified Successfully');
    expect(verify(files.changed)).toContain('Signature Verification Failure');
    // and the key id is the SHA-256 of the same SubjectPublicKeyInfo OpenSSL reads
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', files.key, '-outform', 'DER']);
    expect(sm2KeyId(key.publicKey)).toBe(crypto.createHash('sha256').update(der).digest('hex'));
  });

  it('the server key is created once with mode 0600 and read back; a damaged file is refused', () => {
    // given
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm2-key-'));

    // when
    const first = loadOrCreateSm2Key(dir);
    const second = loadOrCreateSm2Key(dir);

    // then
    expect(second).toEqual(first);
    expect(fs.statSync(path.join(dir, SM2_KEY_FILE)).mode & 0o777).toBe(0o600);
    fs.writeFileSync(path.join(dir, SM2_KEY_FILE), JSON.stringify({ ...first, publicKey: generateSm2KeyPair().publicKey }));
    expect(() => loadOrCreateSm2Key(dir)).toThrow('does not belong to the private key');
    fs.writeFileSync(path.join(dir, SM2_KEY_FILE), '{"privateKey":"xyz"}');
    expect(() => loadOrCreateSm2Key(dir)).toThrow('is not an SM2 key pair');
  });
});
