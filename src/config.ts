// The only module that reads process.env. Everything else receives a typed, validated Config.
import path from 'node:path';
import { isValidDomainName, normalizeDomain } from './domain/addresses.js';
import { CLOUDS, type Cloud } from './domain/clouds.js';

export type ProcessRole = 'api' | 'worker' | 'all';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type Config = {
  port: number;
  host: string;
  /** Base URL of each cloud's admin center; an account signs in only at its own cloud's URL. */
  baseUrls: Record<Cloud, string>;
  /** Unset: the embedded database (PGlite) in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Unset: mail is kept in the database and shown at /dev/mailbox. */
  smtpUrl: URL | undefined;
  mailFrom: string;
  /** Each entry `ip` or `ip:port`, handed to node:dns Resolver.setServers. Empty: the system's resolvers. */
  dnsServers: string[];
  /** 32 bytes; unset with the embedded database: generated into the data dir on first start. */
  secretKey: Buffer | undefined;
  invitationTtlDays: number;
  invitationCutoff: Date | undefined;
  cloudEnforcementDate: Date | undefined;
  /** Consumer mail domains: they can never be added to a tenant and only make personal accounts. */
  consumerDomains: string[];
  /** Every tenant's initial domain is `<name>.<initialDomainSuffix>`, e.g. contoso.onvlcenter.example. */
  initialDomainSuffix: string;
  logLevel: LogLevel;
  role: ProcessRole;
  /** Seed the demo world on first start of an empty embedded database. */
  seedDemo: boolean;
  /** The largest download file an operator may upload (UPLOAD_MAX_BYTES, default 16 GiB). */
  uploadMaxBytes: number;
  /**
   * Multiplies every per-address rate limit (RATE_LIMIT_FACTOR, default 1): for many people behind one address (a
   * company NAT or proxy), and for browser test runs that sign in often from 127.0.0.1.
   */
  rateLimitFactor: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

export const DEFAULT_CONSUMER_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'mail.com',
  'yandex.com',
];

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ROLES: ProcessRole[] = ['api', 'worker', 'all'];

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; collects every problem before failing so one run shows them all. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const port = parseIntIn(get('PORT') ?? '3000', 0, 65535, 'PORT', problems);
  const host = get('HOST') ?? '127.0.0.1';
  const defaultBase = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const baseUrls = {} as Record<Cloud, string>;
  for (const cloud of CLOUDS) {
    const name = `BASE_URL_${cloud.toUpperCase().replace('-', '_')}`;
    const raw = get(name) ?? (cloud === 'public' ? get('BASE_URL') : undefined) ?? defaultBase;
    baseUrls[cloud] = parseHttpUrl(raw, name, problems);
  }

  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }

  let smtpUrl: URL | undefined;
  const smtpRaw = get('SMTP_URL');
  if (smtpRaw !== undefined) {
    try {
      smtpUrl = new URL(smtpRaw);
      if (!['smtp:', 'smtps:'].includes(smtpUrl.protocol) || smtpUrl.hostname === '') throw new Error();
    } catch {
      problems.push('SMTP_URL must look like smtp://user:password@host:port or smtps://host:465');
      smtpUrl = undefined;
    }
  }

  const dnsServers = (get('DNS_SERVERS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const server of dnsServers) {
    if (!isDnsServer(server)) problems.push(`DNS_SERVERS: "${server}" is not an IP address with an optional :port`);
  }

  let secretKey: Buffer | undefined;
  const keyRaw = get('VLCENTER_SECRET_KEY');
  if (keyRaw !== undefined) {
    secretKey = parseSecretKey(keyRaw);
    if (!secretKey) problems.push('VLCENTER_SECRET_KEY must be 32 bytes as 64 hex digits or base64');
  }

  const logLevel = (get('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const role = (get('VLCENTER_ROLE') ?? 'all') as ProcessRole;
  if (!ROLES.includes(role)) problems.push(`VLCENTER_ROLE must be one of ${ROLES.join(', ')}`);

  const consumerList = get('CONSUMER_DOMAINS');
  // Lower case, no trailing dot: it is compared with and appended to domain names.
  const initialDomainSuffix = normalizeDomain(get('INITIAL_DOMAIN_SUFFIX') ?? 'onvlcenter.example');
  if (!isValidDomainName(initialDomainSuffix)) {
    problems.push(
      `INITIAL_DOMAIN_SUFFIX must be a domain name such as onvlcenter.example (got "${initialDomainSuffix}")`,
    );
  }
  const config: Config = {
    port,
    host,
    baseUrls,
    databaseUrl,
    dataDir: path.resolve(get('DATA_DIR') ?? './data'),
    smtpUrl,
    mailFrom: get('MAIL_FROM') ?? 'vlcenter <no-reply@vlcenter.example>',
    dnsServers,
    secretKey,
    invitationTtlDays: parseIntIn(get('INVITATION_TTL_DAYS') ?? '30', 1, 3650, 'INVITATION_TTL_DAYS', problems),
    invitationCutoff: parseDate(get('INVITATION_CUTOFF'), 'INVITATION_CUTOFF', problems),
    cloudEnforcementDate: parseDate(get('CLOUD_ENFORCEMENT_DATE'), 'CLOUD_ENFORCEMENT_DATE', problems),
    consumerDomains: consumerList
      ? consumerList
          .split(',')
          .map((d) => d.trim().toLowerCase())
          .filter(Boolean)
      : DEFAULT_CONSUMER_DOMAINS,
    initialDomainSuffix,
    logLevel,
    role,
    seedDemo: (get('SEED_DEMO') ?? 'auto') !== 'off',
    uploadMaxBytes: parseIntIn(
      get('UPLOAD_MAX_BYTES') ?? String(16 * 2 ** 30),
      1,
      2 ** 42,
      'UPLOAD_MAX_BYTES',
      problems,
    ),
    rateLimitFactor: parseIntIn(get('RATE_LIMIT_FACTOR') ?? '1', 1, 1000, 'RATE_LIMIT_FACTOR', problems),
    ...overrides,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parseIntIn(raw: string, min: number, max: number, name: string, problems: string[]): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return min;
  }
  return n;
}

function parseHttpUrl(raw: string, name: string, problems: string[]): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return url.origin;
  } catch {
    problems.push(`${name} must be an http:// or https:// URL (got "${raw}")`);
    return 'http://127.0.0.1';
  }
}

function parseDate(raw: string | undefined, name: string, problems: string[]): Date | undefined {
  if (raw === undefined) return undefined;
  const date = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(date.getTime())) {
    problems.push(`${name} must be an ISO date such as 2027-01-31 (got "${raw}")`);
    return undefined;
  }
  return date;
}

function isDnsServer(value: string): boolean {
  // ip, ip:port, [ipv6], [ipv6]:port
  const v4 = /^(\d{1,3})(\.\d{1,3}){3}(:\d{1,5})?$/;
  const v6 = /^\[[0-9a-fA-F:.]+\](:\d{1,5})?$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$/;
  if (v4.test(value)) {
    const [ip, port] = value.split(':');
    return ip!.split('.').every((o) => Number(o) <= 255) && (port === undefined || Number(port) <= 65535);
  }
  return v6.test(value);
}

export function parseSecretKey(raw: string): Buffer | undefined {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  return key.length === 32 ? key : undefined;
}
