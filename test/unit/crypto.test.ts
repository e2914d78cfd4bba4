// Secrets at rest: AES-256-GCM with a random nonce per message; any change to the sealed text, another key or
// another context is refused rather than decrypted to garbage.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretDecryptionError, sha256Hex } from '../../src/crypto.js';

const key = randomBytes(32);

describe('encryptSecret / decryptSecret', () => {
  it('round-trips any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 20 }), (text, context) => {
        expect(decryptSecret(key, encryptSecret(key, text, context), context)).toBe(text);
      }),
    );
  });

  it('writes a versioned format with a fresh 96-bit nonce each time', () => {
    const a = encryptSecret(key, 'the same token');
    const b = encryptSecret(key, 'the same token');
    expect(a).not.toBe(b);
    const [version, nonce, ciphertext, tag] = a.split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(nonce!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(ciphertext!, 'base64url')).toHaveLength('the same token'.length);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(a).not.toContain('the same token');
  });

  it('refuses a tampered ciphertext, nonce, tag or version', () => {
    const sealed = encryptSecret(key, 'vlc invitation token');
    const parts = sealed.split('.');
    for (let part = 0; part < 4; part++) {
      const changed = [...parts];
      const bytes = Buffer.from(changed[part]!, part === 0 ? 'utf8' : 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      changed[part] = part === 0 ? bytes.toString('utf8') : bytes.toString('base64url');
      expect(() => decryptSecret(key, changed.join('.')), `part ${part}`).toThrow(SecretDecryptionError);
    }
  });

  it('refuses every single-bit flip anywhere in the ciphertext (property)', () => {
    const sealed = encryptSecret(key, 'a secret that must not be forged');
    const [, , ciphertext] = sealed.split('.');
    const length = Buffer.from(ciphertext!, 'base64url').length;
    fc.assert(
      fc.property(fc.nat({ max: length - 1 }), fc.nat({ max: 7 }), (index, bit) => {
        const parts = sealed.split('.');
        const bytes = Buffer.from(parts[2]!, 'base64url');
        bytes[index] = bytes[index]! ^ (1 << bit);
        parts[2] = bytes.toString('base64url');
        expect(() => decryptSecret(key, parts.join('.'))).toThrow(SecretDecryptionError);
      }),
    );
  });

  it('refuses another key, another context, and text that is not a sealed secret', () => {
    const sealed = encryptSecret(key, 'token', 'invitation-token');
    expect(() => decryptSecret(randomBytes(32), sealed, 'invitation-token')).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(key, sealed, 'product-key')).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(key, sealed)).toThrow(SecretDecryptionError);
    for (const junk of ['', 'token', 'v1.a.b', 'v2.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA', 'v1..x.y'])
      expect(() => decryptSecret(key, junk), junk).toThrow(SecretDecryptionError);
  });

  it('needs a 32-byte key', () => {
    expect(() => encryptSecret(randomBytes(16), 'x')).toThrow(/32 bytes/);
    expect(() => decryptSecret(Buffer.alloc(0), 'v1.a.b.c')).toThrow(/32 bytes/);
  });
});

it('sha256Hex is the lower-case hex digest', () => {
  expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
