// Proof of domain ownership (SPEC §2): a DNS TXT record `vlcenter-verify=<token>` at the domain apex, looked up
// through the injected resolver (DNS_SERVERS). Pure network, no database: callers run it before their transaction,
// never inside one. Every DNS outcome maps to a clear refusal — a DNS problem is never a 500.
import type { DnsResolver } from '../../dns.js';
import { AppError } from '../../domain/errors.js';

export const TXT_PREFIX = 'vlcenter-verify=';

/** What the domain's owner publishes: a TXT record at `name` (the apex) with exactly `value`. */
export type TxtRecord = { name: string; value: string };

export const txtRecordFor = (domain: string, token: string): TxtRecord => ({
  name: domain,
  value: `${TXT_PREFIX}${token}`,
});

// c-ares error codes (node:dns): the name does not exist, or exists without TXT records. Everything else —
// ETIMEOUT, ESERVFAIL, EREFUSED, ECONNREFUSED… — means we could not ask, so we cannot say the record is missing.
const ABSENT = new Set(['ENOTFOUND', 'ENODATA']);
// How many of the domain's other vlcenter-verify values a mismatch answer shows (they are public DNS data).
const MAX_FOUND_SHOWN = 5;

/** Throws the matching AppError unless `domain` publishes exactly `vlcenter-verify=<token>`. */
export async function proveTxtRecord(dns: DnsResolver, domain: string, token: string): Promise<void> {
  const record = txtRecordFor(domain, token);
  let answers: string[][];
  try {
    answers = await dns.resolveTxt(domain);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (ABSENT.has(code)) throw txtRecordMissing(record);
    throw new AppError(
      503,
      'domain.dns_unavailable',
      `The DNS servers did not give an answer for ${domain} (${code || 'no answer'}). This is usually temporary: try again in a few minutes.`,
      { retryAfterSeconds: 60, record },
    );
  }
  // A TXT record longer than 255 bytes arrives as several character-strings: one record is their concatenation.
  const values = answers.map((parts) => parts.join('').trim());
  if (values.includes(record.value)) return;
  const ours = values.filter((v) => v.startsWith(TXT_PREFIX));
  if (ours.length === 0) throw txtRecordMissing(record);
  throw new AppError(
    409,
    'domain.txt_record_mismatch',
    `${domain} has a vlcenter-verify TXT record, but not the one for this directory. Change its value to ${record.value} (or add that record next to it), wait for DNS to publish it, then try again.`,
    { record, found: ours.slice(0, MAX_FOUND_SHOWN) },
  );
}

function txtRecordMissing(record: TxtRecord): AppError {
  return new AppError(
    409,
    'domain.txt_record_missing',
    `No TXT record ${record.value} was found at ${record.name}. Add a TXT record at the domain's apex (host "@" or ${record.name}) with the value ${record.value}, wait for DNS to publish it (usually minutes), then try again.`,
    { record },
  );
}
