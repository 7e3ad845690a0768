import crypto from 'node:crypto';
import { ContactCipher } from './contact-cipher';

describe('ContactCipher', () => {
  const cipher = new ContactCipher(crypto.randomBytes(32));
  const contact = { phone: '024-12345678', email: 'li@example.cn', wechat: 'li_wx' };

  it('stores no plain text and opens what it sealed', () => {
    // when
    const sealed = cipher.seal('stakeholder-1', contact);

    // then
    expect(sealed).not.toContain('12345678');
    expect(sealed).not.toContain('example.cn');
    expect(cipher.open('stakeholder-1', sealed)).toEqual(contact);
  });

  it('refuses a ciphertext moved to another record, changed, or under another key', () => {
    // given
    const sealed = cipher.seal('stakeholder-1', contact);
    const parts = sealed.split('.');
    const flipped = [...parts.slice(0, 3), Buffer.from(Buffer.from(parts[3]!, 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64url')].join('.');

    // then
    expect(() => cipher.open('stakeholder-2', sealed)).toThrow();
    expect(() => cipher.open('stakeholder-1', flipped)).toThrow();
    expect(() => new ContactCipher(crypto.randomBytes(32)).open('stakeholder-1', sealed)).toThrow();
  });
});
