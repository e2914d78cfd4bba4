// The epoch page cache on its own: served only within the epoch a page was produced in, bounded in size.
import { describe, expect, it } from 'vitest';
import { createEpochPageCache } from '../../src/modules/contracts/page-cache.js';

describe('epoch page cache', () => {
  const producer = (json: string) => {
    let calls = 0;
    const produce = async () => {
      calls += 1;
      return json;
    };
    return { produce, calls: () => calls };
  };

  it('serves a page again within its epoch and produces it anew in a later one', async () => {
    const cache = createEpochPageCache(1000);
    const p = producer('{"items":[]}');
    expect((await cache.get('k', '7', p.produce))!.json).toBe('{"items":[]}');
    await cache.get('k', '7', p.produce);
    expect(p.calls()).toBe(1);
    await cache.get('k', '8', p.produce);
    expect(p.calls()).toBe(2);
    expect(cache.size().entries).toBe(1);
  });

  it('neither serves nor keeps a page for a request that began before a change already seen', async () => {
    const cache = createEpochPageCache(1000);
    const newer = producer('new');
    await cache.get('k', '9', newer.produce);
    const older = producer('old');
    expect((await cache.get('k', '8', older.produce))!.json).toBe('old');
    expect(older.calls()).toBe(1);
    expect((await cache.get('k', '9', newer.produce))!.json).toBe('new');
    expect(newer.calls()).toBe(1);
  });

  it('does not keep a page produced while a newer epoch was seen', async () => {
    const cache = createEpochPageCache(1000);
    let release!: () => void;
    const slow = cache.get('k', '1', () => new Promise<string>((resolve) => (release = () => resolve('stale'))));
    await cache.get('other', '2', async () => 'fresh');
    release();
    expect((await slow)!.json).toBe('stale');
    const again = producer('current');
    expect((await cache.get('k', '2', again.produce))!.json).toBe('current');
    expect(again.calls()).toBe(1);
  });

  it('serves and keeps nothing without an epoch', async () => {
    const cache = createEpochPageCache(1000);
    const p = producer('page');
    await cache.get('k', null, p.produce);
    await cache.get('k', null, p.produce);
    expect(p.calls()).toBe(2);
    expect(cache.size().entries).toBe(0);
  });

  it('keeps nothing when the producer declines', async () => {
    const cache = createEpochPageCache(1000);
    let calls = 0;
    const decline = async () => {
      calls += 1;
      return null;
    };
    expect(await cache.get('k', '1', decline)).toBeNull();
    expect(await cache.get('k', '1', decline)).toBeNull();
    expect(calls).toBe(2);
    expect(cache.size().entries).toBe(0);
  });

  it('keeps at most its size, dropping the least recently used pages first', async () => {
    const cache = createEpochPageCache(10);
    await cache.get('a', '1', async () => 'aaaa');
    await cache.get('b', '1', async () => 'bbbb');
    await cache.get('a', '1', async () => 'never');
    await cache.get('c', '1', async () => 'cccc');
    // Keys count too: 1 + 4 each.
    expect(cache.size()).toEqual({ entries: 2, chars: 10 });
    const b = producer('bbbb');
    await cache.get('b', '1', b.produce);
    expect(b.calls()).toBe(1);
    const a = producer('never');
    expect((await cache.get('a', '1', a.produce))!.json).toBe('never');
    // A page bigger than the whole cache is answered and not kept.
    await cache.get('big', '1', async () => 'x'.repeat(11));
    expect(cache.size().chars).toBeLessThanOrEqual(10);
  });
});
