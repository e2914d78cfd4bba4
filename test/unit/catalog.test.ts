// The catalog's pure rules: download scope by program and status, Range parsing, key masking, TSV cells.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/domain/csv.js';
import { downloadScope, keyTypesOf, maskProductKey, parseRange, tsvCell, tsvLine } from '../../src/domain/catalog.js';

describe('downloadScope', () => {
  it('follows the program while active; keeps what was ordered once expired; nothing once terminated', () => {
    expect(downloadScope('purchased', 'active').scope).toBe('ordered');
    expect(downloadScope('all', 'active').scope).toBe('catalog');
    expect(downloadScope('all', 'expired').scope).toBe('ordered');
    expect(downloadScope('purchased', 'expired').scope).toBe('ordered');
    expect(downloadScope('all', 'terminated').scope).toBe('none');
  });
});

describe('keyTypesOf', () => {
  it('no key: none; a key with no types recorded: a MAK; otherwise the types in a fixed order', () => {
    expect(keyTypesOf({ needsKey: false, keyTypes: ['mak'] })).toEqual([]);
    expect(keyTypesOf({ needsKey: true, keyTypes: [] })).toEqual(['mak']);
    expect(keyTypesOf({ needsKey: true, keyTypes: ['kms-host', 'mak'] })).toEqual(['mak', 'kms-host']);
  });
});

describe('parseRange', () => {
  it('reads the three forms of one byte range', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'range', start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'range', start: 90, end: 99 });
    expect(parseRange('bytes=-5', 100)).toEqual({ kind: 'range', start: 95, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ kind: 'range', start: 0, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ kind: 'range', start: 50, end: 99 });
  });

  it('past the end is unsatisfiable; anything else it does not understand is ignored', () => {
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    for (const header of [undefined, 'bytes=5-1', 'bytes=0-1,3-4', 'items=0-1', 'bytes=-', 'bytes=a-b'])
      expect(parseRange(header, 100), String(header)).toEqual({ kind: 'ignore' });
  });

  it('a range it answers always lies inside the file', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(2000), fc.nat(2000), fc.boolean(), (size, a, b, suffix) => {
        const answer = parseRange(suffix ? `bytes=-${a}` : `bytes=${a}-${b}`, size);
        if (answer.kind === 'range') {
          expect(answer.start).toBeGreaterThanOrEqual(0);
          expect(answer.start).toBeLessThanOrEqual(answer.end);
          expect(answer.end).toBeLessThan(size);
        }
      }),
    );
  });
});

describe('maskProductKey', () => {
  it('keeps the shape and the last five characters', () => {
    expect(maskProductKey('ABCDE-FGHIJ-KLMNO-PQRST-VWXYZ')).toBe('XXXXX-XXXXX-XXXXX-XXXXX-VWXYZ');
    expect(maskProductKey('ABC12345')).toBe('XXX12345');
    expect(maskProductKey('ABCDE')).toBe('XXXXX');
  });
});

describe('tsv', () => {
  it('escapes tabs, line breaks and backslashes so a record is one line of fixed cells', () => {
    expect(tsvCell('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(tsvCell(null)).toBe('');
    expect(tsvCell(7)).toBe('7');
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
        const text = tsvLine(cells);
        expect(text.endsWith('\r\n')).toBe(true);
        const body = text.slice(0, -2);
        expect(body).not.toMatch(/[\r\n]/);
        expect(body.split('\t')).toHaveLength(cells.length);
      }),
    );
  });

  it('defuses text a spreadsheet would run as a formula, by the rule of the CSV exports', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)'])
      expect([tsvCell(text), csvLine([text]).trimEnd()]).toEqual([`'${text}`, `'${text}`]);
    expect(tsvCell('\t=1')).toBe("'\\t=1");
    expect(tsvCell('a=b')).toBe('a=b');
    // Numbers are not formulas.
    expect(tsvCell(-7)).toBe('-7');
  });
});
