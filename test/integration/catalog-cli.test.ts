// `vlcenter catalog add-product | add-file | load-keys`: the operator's catalog from the shell, through the same service
// as the API — the file lands in DATA_DIR/files with its SHA-256, keys are sealed, refusals are one line and exit 1.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabaseEnv } from '../helpers/test-db.js';

let tmp: string;
let env: Record<string, string>;
const vlcenter = (args: string[]) => runCli(args, env);

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'vlc-catalog-cli-'));
  env = { ...(await createTestDatabaseEnv(path.join(tmp, 'data'))), SEED_DEMO: 'off' };
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

it('adds a product, uploads a file and loads keys', async () => {
  const product = await vlcenter([
    'catalog',
    'add-product',
    '--family',
    'Windows Server',
    '--name',
    'Windows Server Datacenter',
    '--version',
    '2025',
    '--pool',
    'servers',
    '--key-types',
    'mak,kms-host',
  ]);
  expect(product.code, product.stderr).toBe(0);
  const productId = /: ([0-9a-f-]{36})$/.exec(product.stdout.trim())![1]!;

  const bytes = randomBytes(20_000);
  const iso = path.join(tmp, 'server.iso');
  await fs.writeFile(iso, bytes);
  const file = await vlcenter([
    'catalog',
    'add-file',
    '--product',
    productId,
    '--language',
    'en-US',
    '--os',
    'windows',
    '--arch',
    'x64',
    iso,
  ]);
  expect(file.code, file.stderr).toBe(0);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  expect(file.stdout).toContain(`added server.iso (20000 bytes, SHA-256 ${sha256})`);
  const stored = await fs.readdir(path.join(env.DATA_DIR!, 'files'));
  expect(stored).toHaveLength(1);
  expect((await fs.readFile(path.join(env.DATA_DIR!, 'files', stored[0]!))).equals(bytes)).toBe(true);

  const keyFile = path.join(tmp, 'keys.txt');
  await fs.writeFile(keyFile, 'CLI01-AAAAA-BBBBB-CCCCC-DDDDD\r\n\r\ncli02-aaaaa-bbbbb-ccccc-ddddd\n');
  const load = await vlcenter([
    'catalog',
    'load-keys',
    '--product',
    productId,
    '--type',
    'mak',
    '--activations',
    '50',
    keyFile,
  ]);
  expect(load.code, load.stderr).toBe(0);
  expect(load.stdout).toContain('loaded 2 mak keys (0 already loaded, skipped)');

  const refused = await vlcenter(['catalog', 'load-keys', '--product', productId, '--type', 'setup', keyFile]);
  expect(refused.code).toBe(1);
  expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  expect(refused.stderr).toMatch(/^vlcenter: .*not a key type of this product/);

  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR! });
  try {
    const dump = JSON.stringify(await queryRows(handle.db, sql`select * from product_keys`));
    expect(dump).not.toContain('CLI01');
    expect(dump).not.toContain('CLI02');
    const audit = await queryRows<{ action: string; ip: string }>(
      handle.db,
      sql`select action, ip from audit_log order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['product.created', 'download_file.added', 'product_keys.loaded']);
    expect(audit.every((a) => a.ip === 'cli')).toBe(true);
  } finally {
    await handle.close();
  }
}, 240_000);
