// Accept-Encoding parsing and the gzip encoding of a JSON page (src/http/json-page.ts).
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, JsonPage } from '../../src/http/json-page.js';

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br, zstd', true], // Chromium
    ['GZIP', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['x-gzip', true],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip;q=0.000', false],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['br, *;q=0', false],
    ['identity', false],
    ['br', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('JsonPage', () => {
  it('gzips to the same JSON, once', () => {
    const json = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ n: i, name: 'Fabrikam Ltd' })) });
    const page = new JsonPage(json);
    const gzip = page.gzip();
    expect(gunzipSync(gzip).toString('utf8')).toBe(json);
    expect(gzip.length).toBeLessThan(json.length / 4);
    expect(page.gzip()).toBe(gzip);
  });
});
