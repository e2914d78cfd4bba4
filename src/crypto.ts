// Secrets at rest (invitation tokens for Resend, later product keys): AES-256-GCM under the server key
// (VLCENTER_SECRET_KEY), so that a database dump alone yields nothing usable. And the one SHA-256 helper for lookups.
//
// Format (text, safe in any column): `v1.<nonce>.<ciphertext>.<tag>`, each part base64url; the nonce is 96 random
// bits per message, the tag 128 bits. An optional `context` (e.g. `invitation-token`) is bound in as additional
// authenticated data, so a ciphertext copied from one column to another does not decrypt there.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A ciphertext that is malformed, was changed, or was made with another key or context. */
export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`the secret key must be ${KEY_BYTES} bytes (got ${key.length})`);
}

export function encryptSecret(key: Buffer, plaintext: string, context = ''): string {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${VERSION}:${context}`, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, nonce, ciphertext, tag].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function decryptSecret(key: Buffer, sealed: string, context = ''): string {
  checkKey(key);
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new SecretDecryptionError('not a vlcenter secret (unknown format or version)');
  }
  const [nonce, ciphertext, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretDecryptionError('not a vlcenter secret (bad nonce or tag length)');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${VERSION}:${context}`, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError('the secret was changed, or was sealed with another key');
  }
}

/** Lower-case hex SHA-256 of a UTF-8 string: how tokens are looked up without being stored. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');
