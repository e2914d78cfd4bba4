// The server key encrypts secrets at rest (product keys, invitation links). With the embedded database it is
// generated into the data directory on first start; with PostgreSQL it must be given, so that every instance
// of a deployment uses the same key.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseSecretKey, type Config } from './config.js';
import { StartupError } from './db/client.js';

export async function resolveSecretKey(config: Config): Promise<Buffer> {
  if (config.secretKey) return config.secretKey;
  if (config.databaseUrl) {
    throw new StartupError(
      'VLCENTER_SECRET_KEY is required with DATABASE_URL (every instance must share it): generate one with `openssl rand -hex 32`',
    );
  }
  const file = path.join(config.dataDir, 'secret.key');
  try {
    const key = parseSecretKey((await fs.readFile(file, 'utf8')).trim());
    if (!key) throw new StartupError(`${file} does not hold a 32-byte key (64 hex digits): restore it from a backup`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await fs.mkdir(config.dataDir, { recursive: true });
  // wx: never overwrite a key another process wrote a moment ago.
  await fs.writeFile(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
