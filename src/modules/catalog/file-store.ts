// Where download files' bytes live. One interface so that an S3-compatible store can replace the local disk later;
// the catalog service hashes and limits the stream itself, so every store gets the same guarantees.
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type FileStore = {
  /** Stores `body` under `key` (replacing nothing: keys are new uuids); visible only once completely written. */
  put(key: string, body: Readable): Promise<void>;
  /** The bytes `start`…`end` (inclusive) of `key`, or all of it. */
  open(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** The stored size, or null when the key holds nothing. */
  size(key: string): Promise<number | null>;
  remove(key: string): Promise<void>;
};

const SAFE_KEY = /^[0-9a-f-]{36}$/;

function checkKey(key: string): void {
  // Keys are uuids the service makes; anything else (a path) is a bug, never a file name from a request.
  if (!SAFE_KEY.test(key)) throw new Error(`not a storage key: ${key}`);
}

/** Files under `dir` (DATA_DIR/files), written to `<key>.part` and renamed into place when complete. */
export function createLocalFileStore(dir: string): FileStore {
  const fileOf = (key: string) => {
    checkKey(key);
    return path.join(dir, key);
  };
  return {
    async put(key, body) {
      const target = fileOf(key);
      const partial = `${target}.part`;
      await fs.mkdir(dir, { recursive: true });
      try {
        await pipeline(body, createWriteStream(partial, { flags: 'wx', mode: 0o640 }));
        await fs.rename(partial, target);
      } catch (error) {
        await fs.rm(partial, { force: true });
        throw error;
      }
    },
    async open(key, range) {
      const file = fileOf(key);
      // Opening first turns a missing file into a rejected promise rather than a stream error mid-response.
      const handle = await fs.open(file, 'r');
      return createReadStream(file, { fd: handle, ...(range ? { start: range.start, end: range.end } : {}) });
    },
    async size(key) {
      try {
        return (await fs.stat(fileOf(key))).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async remove(key) {
      await fs.rm(fileOf(key), { force: true });
    },
  };
}
