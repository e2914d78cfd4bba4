// An in-process authoritative DNS server (UDP, dns2) for tests of domain verification: TXT records change
// instantly, unknown names are NXDOMAIN, and a name can be made to time out (never answered) or SERVFAIL.
// Point the app at it with DNS_SERVERS=<server>.
import dns2, { type Resource } from 'dns2';

export type DnsBehaviour = 'timeout' | 'servfail';

export type TestDnsServer = {
  /** `127.0.0.1:<port>`, for DNS_SERVERS or Resolver.setServers. */
  server: string;
  port: number;
  /** Replaces the TXT records of `name` (each value is one record; values over 255 bytes are split). */
  setTxt(name: string, values: string[]): void;
  /** Forgets `name` (records and behaviour): it is NXDOMAIN again. */
  remove(name: string): void;
  /** Makes every query for `name` time out (no answer at all) or fail with SERVFAIL; `undefined` clears it. */
  setBehaviour(name: string, behaviour: DnsBehaviour | undefined): void;
  /** Number of queries received per name (lower case), to assert caching or retries. */
  queries: Map<string, number>;
  stop(): Promise<void>;
};

const { Packet } = dns2;
const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** TXT character-strings hold at most 255 bytes: split longer values the way DNS servers publish them. */
function characterStrings(value: string): Buffer[] {
  const bytes = Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) parts.push(bytes.subarray(i, i + 255));
  return parts.length ? parts : [Buffer.alloc(0)];
}

export async function startDnsServer(): Promise<TestDnsServer> {
  const txt = new Map<string, string[]>();
  const behaviours = new Map<string, DnsBehaviour>();
  const queries = new Map<string, number>();

  const udp = dns2.createUDPServer((request, send) => {
    const response = Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    const question = request.questions[0];
    if (!question) {
      response.header.rcode = 1; // FORMERR
      void send(response);
      return;
    }
    const name = normalize(question.name);
    queries.set(name, (queries.get(name) ?? 0) + 1);
    const behaviour = behaviours.get(name);
    if (behaviour === 'timeout') return;
    if (behaviour === 'servfail') {
      response.header.rcode = RCODE_SERVFAIL;
    } else if (!txt.has(name)) {
      response.header.rcode = RCODE_NXDOMAIN;
    } else if (question.type === Packet.TYPE.TXT) {
      for (const value of txt.get(name) ?? []) {
        response.answers.push({
          name: question.name,
          type: Packet.TYPE.TXT,
          class: Packet.CLASS.IN,
          // TTL 0: c-ares (node:dns) caches answers for their TTL, and tests change records between lookups.
          ttl: 0,
          // the TXT encoder takes Buffers as character-strings as well as strings
          data: characterStrings(value) as unknown as string[],
        } as Resource);
      }
    } // a known name asked for another type: NOERROR with no answers (NODATA)
    void send(response);
  });
  udp.on('requestError', () => {
    // malformed packets are ignored, as a real server would
  });

  await udp.listen(0, '127.0.0.1');
  const port = udp.address().port;

  return {
    server: `127.0.0.1:${port}`,
    port,
    queries,
    setTxt(name, values) {
      txt.set(normalize(name), [...values]);
    },
    remove(name) {
      txt.delete(normalize(name));
      behaviours.delete(normalize(name));
    },
    setBehaviour(name, behaviour) {
      if (behaviour) behaviours.set(normalize(name), behaviour);
      else behaviours.delete(normalize(name));
    },
    stop() {
      return new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}
