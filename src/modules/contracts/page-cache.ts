// A cache of serialized answers (contracts list pages, license summaries) that never serves a stale one. Every entry
// belongs to one epoch of the data it was read from (schema `readEpochs`, bumped by a trigger at the commit of every
// transaction that changed what the contracts and reports read); a request is served from the cache only when it began at that same epoch, so a role granted or
// removed, a License ID renewed or an organization renamed is seen by the very next request — in every server
// process, since each one checks the epoch the request's session lookup read from the database.
import { JsonPage } from '../../http/json-page.js';

/**
 * The most cached JSON and keys kept (in UTF-16 code units, about bytes for this ASCII-heavy JSON; a page's gzip encoding adds
 * about a tenth to it); least recently used goes.
 */
export const PAGE_CACHE_MAX_CHARS = 16 * 1024 * 1024;

export function createEpochPageCache(maxChars: number = PAGE_CACHE_MAX_CHARS) {
  let epoch: bigint | undefined;
  const entries = new Map<string, JsonPage>();
  let chars = 0;

  // A key can be long (a license summary's is its 1,000 License ID numbers), so it counts too.
  const sizeOf = (key: string, page: JsonPage) => key.length + page.json.length;

  function forget(key: string) {
    const old = entries.get(key);
    if (old === undefined) return;
    entries.delete(key);
    chars -= sizeOf(key, old);
  }

  return {
    /**
     * The page for `key` as of `requestEpoch` (the epoch the request read when it began): the cached JSON when it was
     * produced in that epoch, else `produce()`'s, kept for later requests of the same epoch. A producer that answers
     * null (nothing to cache: the caller answers otherwise) gets null, and nothing is kept.
     */
    async get(
      key: string,
      requestEpoch: string | null,
      produce: () => Promise<string | null>,
    ): Promise<JsonPage | null> {
      const fresh = async () => {
        const json = await produce();
        return json === null ? null : new JsonPage(json);
      };
      // No epoch (its row missing): nothing can be known to be current, so nothing is served or kept.
      if (requestEpoch === null) return fresh();
      const current = BigInt(requestEpoch);
      if (epoch === undefined || current > epoch) {
        // The data changed: every entry is out of date.
        entries.clear();
        chars = 0;
        epoch = current;
      } else if (current < epoch) {
        // This request began before a change another request has already seen: answer it, keep nothing.
        return fresh();
      }
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const page = await fresh();
      // Keep it only if no newer epoch was seen meanwhile (the entries were then cleared for that one).
      if (page !== null && epoch === current && sizeOf(key, page) <= maxChars) {
        forget(key);
        entries.set(key, page);
        chars += sizeOf(key, page);
        for (const oldest of entries.keys()) {
          if (chars <= maxChars) break;
          forget(oldest);
        }
      }
      return page;
    },
    /** How many pages and characters are cached (for tests and metrics). */
    size: () => ({ entries: entries.size, chars }),
  };
}
