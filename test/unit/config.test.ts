import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONSUMER_DOMAINS, loadConfig } from '../../src/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.baseUrls).toEqual({
      public: 'http://127.0.0.1:3000',
      'gov-high': 'http://127.0.0.1:3000',
      defense: 'http://127.0.0.1:3000',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.smtpUrl).toBeUndefined();
    expect(config.dnsServers).toEqual([]);
    expect(config.invitationTtlDays).toBe(30);
    expect(config.consumerDomains).toEqual(DEFAULT_CONSUMER_DOMAINS);
    expect(config.role).toBe('all');
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      BASE_URL: 'https://vl.example.com/',
      BASE_URL_GOV_HIGH: 'https://gov.vl.example.com',
      DATABASE_URL: 'postgres://u:p@db:5432/vl',
      SMTP_URL: 'smtp://mail.example.com:587',
      MAIL_FROM: 'VL <vl@example.com>',
      DNS_SERVERS: '127.0.0.1:5353, 10.0.0.2',
      VLCENTER_SECRET_KEY: 'ab'.repeat(32),
      INVITATION_TTL_DAYS: '14',
      INVITATION_CUTOFF: '2026-01-31',
      CLOUD_ENFORCEMENT_DATE: '2027-06-01',
      CONSUMER_DOMAINS: 'Gmail.com,example.org',
      LOG_LEVEL: 'warn',
    });
    expect(config.port).toBe(8080);
    expect(config.baseUrls.public).toBe('https://vl.example.com');
    expect(config.baseUrls['gov-high']).toBe('https://gov.vl.example.com');
    expect(config.baseUrls.defense).toBe('http://0.0.0.0:8080');
    expect(config.smtpUrl?.hostname).toBe('mail.example.com');
    expect(config.dnsServers).toEqual(['127.0.0.1:5353', '10.0.0.2']);
    expect(config.secretKey).toHaveLength(32);
    expect(config.invitationTtlDays).toBe(14);
    expect(config.invitationCutoff?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(config.consumerDomains).toEqual(['gmail.com', 'example.org']);
    expect(config.logLevel).toBe('warn');
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ SMTP_URL: 'not a url' }, /SMTP_URL must look like/],
    [{ SMTP_URL: 'http://mail.example.com' }, /SMTP_URL must look like/],
    [{ DNS_SERVERS: 'dns.example.com' }, /DNS_SERVERS: "dns.example.com" is not an IP/],
    [{ DNS_SERVERS: '300.1.1.1' }, /DNS_SERVERS/],
    [{ VLCENTER_SECRET_KEY: 'short' }, /VLCENTER_SECRET_KEY must be 32 bytes/],
    [{ INVITATION_CUTOFF: 'yesterday' }, /INVITATION_CUTOFF must be an ISO date/],
    [{ BASE_URL: 'ftp://x' }, /BASE_URL_PUBLIC must be an http/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ RATE_LIMIT_FACTOR: '0' }, /RATE_LIMIT_FACTOR must be a whole number/],
  ])('refuses %o with a clear message', (env, message) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', SMTP_URL: 'y', DNS_SERVERS: 'z' })).toHaveLength(3);
  });
});
