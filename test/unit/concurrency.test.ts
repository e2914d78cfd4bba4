// createConcurrencyLimit: never more than its limit at once, first come first served, a failure frees its place.
import { describe, expect, it } from 'vitest';
import { createConcurrencyLimit } from '../../src/concurrency.js';

describe('createConcurrencyLimit', () => {
  it('runs at most the limit at once, the rest in arrival order, and frees a place on failure', async () => {
    const run = createConcurrencyLimit(2);
    let active = 0;
    let most = 0;
    const started: number[] = [];
    const release: (() => void)[] = [];
    const task = (i: number, fail = false) =>
      run(async () => {
        started.push(i);
        active++;
        most = Math.max(most, active);
        await new Promise<void>((resolve) => release.push(resolve));
        active--;
        if (fail) throw new Error(`task ${i} failed`);
        return i;
      });
    const results = [task(0, true), task(1), task(2), task(3)].map((p) => p.then(String, (e: Error) => e.message));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    release.shift()!(); // task 0 fails: task 2 takes its place
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    while (release.length > 0) {
      release.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(results)).toEqual(['task 0 failed', '1', '2', '3']);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
  });
});
