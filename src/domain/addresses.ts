// E-mail addresses and domain names: one normalization and one validation for the whole application.

/** Lower-case, trimmed. Sign-in names and business e-mails are compared in this form. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

// A deliberately plain check (local@domain.tld): the mailbox proof or the directory decides the rest.
const EMAIL = /^[^\s@"<>(),;:\\[\]]{1,64}@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const isValidEmail = (email: string): boolean => email.length <= 254 && EMAIL.test(normalizeEmail(email));

/** The domain part of a (normalized) address. */
export const domainOf = (email: string): string => normalizeEmail(email).split('@').pop() ?? '';

export const normalizeDomain = (domain: string): string => domain.trim().toLowerCase().replace(/\.$/, '');

const DOMAIN = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const isValidDomainName = (domain: string): boolean =>
  domain.length <= 253 && DOMAIN.test(normalizeDomain(domain));

/** Consumer mail domains (and their subdomains) only ever make personal accounts. */
export function isConsumerDomain(domain: string, consumerDomains: readonly string[]): boolean {
  const d = normalizeDomain(domain);
  return consumerDomains.some((c) => d === c || d.endsWith(`.${c}`));
}
