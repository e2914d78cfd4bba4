import { describe, expect, it } from 'vitest';
import {
  domainOf,
  isConsumerDomain,
  isValidDomainName,
  isValidEmail,
  normalizeEmail,
} from '../../src/domain/addresses.js';

describe('addresses', () => {
  it('normalizes e-mail addresses', () => {
    expect(normalizeEmail('  Li.Wei@Contoso.Example ')).toBe('li.wei@contoso.example');
    expect(domainOf('Li@Contoso.Example')).toBe('contoso.example');
  });

  it.each(['li@contoso.example', 'a.b+c@sub.contoso.example', 'X@Y.IO'])('accepts %s', (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    '',
    'li',
    'li@',
    '@contoso.example',
    'li@contoso',
    'li wei@contoso.example',
    'li@-contoso.example',
    `${'a'.repeat(65)}@x.example`,
  ])('refuses %s', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });

  it('validates domain names', () => {
    expect(isValidDomainName('contoso.example')).toBe(true);
    expect(isValidDomainName('Contoso.Example.')).toBe(true);
    expect(isValidDomainName('contoso')).toBe(false);
    expect(isValidDomainName('con toso.example')).toBe(false);
    expect(isValidDomainName(`${'a'.repeat(64)}.example`)).toBe(false);
  });

  it('recognizes consumer domains and their subdomains', () => {
    expect(isConsumerDomain('gmail.com', ['gmail.com'])).toBe(true);
    expect(isConsumerDomain('mail.gmail.com', ['gmail.com'])).toBe(true);
    expect(isConsumerDomain('notgmail.com', ['gmail.com'])).toBe(false);
  });
});
