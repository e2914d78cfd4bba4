// DNS TXT lookups for domain verification, through the servers in DNS_SERVERS (or the system's).
import { promises as dns } from 'node:dns';

export type DnsResolver = { resolveTxt(name: string): Promise<string[][]> };

export function createDnsResolver(servers: string[], options = { timeoutMs: 2000, tries: 2 }): DnsResolver {
  const resolver = new dns.Resolver({ timeout: options.timeoutMs, tries: options.tries });
  if (servers.length > 0) resolver.setServers(servers);
  return { resolveTxt: (name) => resolver.resolveTxt(name) };
}
