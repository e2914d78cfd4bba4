// Argon2id with the OWASP-recommended minimum (19 MiB, t=2, p=1).
import { hash, verify } from '@node-rs/argon2';
import { badRequest, type ProblemField } from '../../domain/errors.js';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 /* Argon2id */ } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

// Verifying against this when no account matches keeps the answer time the same, so timing reveals no accounts.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('no account has this password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** Length bounds of a password a person chooses (sign-up, new tenant); long passphrases are welcome. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * Refuses a chosen password that is too short, too long, or the sign-in name itself (the first thing an attacker
 * tries). Length over composition rules, as NIST SP 800-63B advises.
 */
export function checkNewPassword(password: string, signInName: string): void {
  const field: ProblemField | undefined =
    password.length < PASSWORD_MIN_LENGTH
      ? {
          name: 'body.password',
          message: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
          rule: 'too_short',
          limit: PASSWORD_MIN_LENGTH,
        }
      : password.length > PASSWORD_MAX_LENGTH
        ? {
            name: 'body.password',
            message: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
            rule: 'too_long',
            limit: PASSWORD_MAX_LENGTH,
          }
        : password.trim().toLowerCase() === signInName.trim().toLowerCase()
          ? { name: 'body.password', message: 'must not be your e-mail address', rule: 'password_is_email' }
          : undefined;
  if (field) throw badRequest('password.too_weak', `Choose another password: it ${field.message}.`, [field]);
}
