// `vlcenter catalog …`: the operator's catalog from the server's shell — through the same service as the API, so the
// same checks, the same SHA-256 on upload, the same audit entries (actor `system`, address `cli`).
//   vlcenter catalog add-product --family Office --name "Office LTSC Professional Plus" --version 2024 --pool applications [--no-key | --key-types mak,kms-host]
//   vlcenter catalog add-file --product <id> --language en-US --os windows --arch x64 [--format iso] [--name <file name>] <file>
//   vlcenter catalog load-keys --product <id> --type mak [--activations <n>] [--seats <n>] <file with one key a line>
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase, type DbHandle } from '../db/client.js';
import { FILE_ARCHITECTURES, FILE_FORMATS, FILE_OS_TYPES, PRODUCT_KEY_TYPES } from '../domain/catalog.js';
import { AppError } from '../domain/errors.js';
import { Language } from '../modules/catalog/schemas.js';
import { type CatalogActor } from '../modules/catalog/service.js';
import { createStandaloneCatalog } from '../modules/catalog/standalone.js';
import { resolveSecretKey } from '../secret-key.js';

const CLI_ACTOR: CatalogActor = { kind: 'system', accountId: null, ip: 'cli' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function productId(value: string): string {
  if (!UUID.test(value)) throw new InvalidArgumentError('must be a product id (a uuid; see add-product)');
  return value.toLowerCase();
}

function languageTag(value: string): string {
  if (!new RegExp((Language as { pattern?: string }).pattern!).test(value))
    throw new InvalidArgumentError('must be a BCP 47 language tag such as en-US, or neutral');
  return value;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

/** Opens the database and the services; prints refusals (AppError) as one line and exits 1. */
async function withCatalog(
  run: (services: ReturnType<typeof createStandaloneCatalog>) => Promise<void>,
): Promise<void> {
  const config = loadConfig();
  const handle: DbHandle = await openDatabase(config);
  try {
    await migrateDatabase(handle);
    await run(createStandaloneCatalog(handle.db, systemClock, config, await resolveSecretKey(config)));
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`vlcenter: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await handle.close();
  }
}

export function catalogCommand(): Command {
  const catalog = new Command('catalog').description(
    'The product catalog: products, download files and product key pools',
  );

  catalog
    .command('add-product')
    .description(
      'Add a product (its family is created when new); prints its id. Orders that arrived before it are owed its keys',
    )
    .requiredOption('--family <name>', 'product family, e.g. Office')
    .requiredOption('--name <name>', 'product name, e.g. "Office LTSC Professional Plus"')
    .requiredOption('--version <version>', 'e.g. 2024')
    .addOption(
      new Option('--pool <pool>', 'licensing pool')
        .choices(['applications', 'systems', 'servers'])
        .makeOptionMandatory(),
    )
    .option('--no-key', 'the product needs no product key')
    .option('--key-types <types>', `comma-separated key types a License ID gets (${PRODUCT_KEY_TYPES.join(', ')})`)
    .action(
      async (options: {
        family: string;
        name: string;
        version: string;
        pool: 'applications' | 'systems' | 'servers';
        key: boolean;
        keyTypes?: string;
      }) => {
        const keyTypes = options.keyTypes?.split(',').map((t) => t.trim());
        const unknown = keyTypes?.find((t) => !(PRODUCT_KEY_TYPES as readonly string[]).includes(t));
        if (unknown !== undefined) {
          console.error(`vlcenter: --key-types: ${unknown} is not one of ${PRODUCT_KEY_TYPES.join(', ')}`);
          process.exitCode = 1;
          return;
        }
        await withCatalog(async ({ catalog }) => {
          const product = await catalog.createProduct(CLI_ACTOR, {
            family: options.family,
            name: options.name,
            version: options.version,
            pool: options.pool,
            needsKey: options.key,
            ...(keyTypes ? { keyTypes: keyTypes as (typeof PRODUCT_KEY_TYPES)[number][] } : {}),
          });
          console.log(`vlcenter: added ${product.family} ${product.name} ${product.version}: ${product.id}`);
        });
      },
    );

  catalog
    .command('add-file')
    .description('Upload a download file of a product (stored under DATA_DIR/files; SHA-256 computed while copying)')
    .requiredOption('--product <id>', 'the product id (see add-product)', productId)
    .requiredOption('--language <tag>', 'BCP 47 language tag (en-US, nl-NL) or neutral', languageTag)
    .addOption(new Option('--os <os>', 'operating system').choices([...FILE_OS_TYPES]).makeOptionMandatory())
    .addOption(new Option('--arch <arch>', 'architecture').choices([...FILE_ARCHITECTURES]).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices([...FILE_FORMATS]))
    .option('--name <file name>', 'the name users download it as (default: the file’s own name)')
    .argument('<file>', 'the file to upload')
    .action(
      async (
        file: string,
        options: {
          product: string;
          language: string;
          os: (typeof FILE_OS_TYPES)[number];
          arch: (typeof FILE_ARCHITECTURES)[number];
          format?: (typeof FILE_FORMATS)[number];
          name?: string;
        },
      ) => {
        let size: number;
        try {
          size = (await fs.stat(file)).size;
        } catch (error) {
          console.error(`vlcenter: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
          process.exitCode = 1;
          return;
        }
        const extension = path.extname(file).slice(1).toLowerCase();
        const format =
          options.format ??
          ((FILE_FORMATS as readonly string[]).includes(extension)
            ? (extension as (typeof FILE_FORMATS)[number])
            : 'other');
        await withCatalog(async ({ catalog }) => {
          const added = await catalog.addFile(
            CLI_ACTOR,
            options.product,
            {
              fileName: options.name ?? path.basename(file),
              language: options.language,
              os: options.os,
              architecture: options.arch,
              format,
            },
            createReadStream(file),
            size,
          );
          console.log(`vlcenter: added ${added.fileName} (${added.size} bytes, SHA-256 ${added.sha256}): ${added.id}`);
        });
      },
    );

  catalog
    .command('load-keys')
    .description(
      'Load product keys (one a line) into the pool of a product and type; serves License IDs waiting for one first',
    )
    .requiredOption('--product <id>', 'the product id', productId)
    .addOption(new Option('--type <type>', 'key type').choices([...PRODUCT_KEY_TYPES]).makeOptionMandatory())
    .option('--activations <n>', 'activations allowed per key (MAK)', positiveInteger)
    .option('--seats <n>', 'seats per key', positiveInteger)
    .argument('<file>', 'a text file with one key a line')
    .action(
      async (
        file: string,
        options: { product: string; type: (typeof PRODUCT_KEY_TYPES)[number]; activations?: number; seats?: number },
      ) => {
        let text: string;
        try {
          text = await fs.readFile(file, 'utf8');
        } catch (error) {
          console.error(`vlcenter: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
          process.exitCode = 1;
          return;
        }
        const keys = text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean);
        const bad = keys.findIndex((k) => !/^[0-9A-Za-z][0-9A-Za-z-]{3,98}[0-9A-Za-z]$/.test(k));
        if (keys.length === 0 || bad >= 0) {
          console.error(
            keys.length === 0
              ? `vlcenter: ${file} holds no keys`
              : `vlcenter: ${file}: key ${bad + 1} is not a product key`,
          );
          process.exitCode = 1;
          return;
        }
        await withCatalog(async ({ keys: service }) => {
          let loaded = 0;
          let duplicates = 0;
          let filled = 0;
          let available = 0;
          for (let start = 0; start < keys.length; start += 10_000) {
            const result = await service.loadKeys(CLI_ACTOR, options.product, {
              type: options.type,
              keys: keys.slice(start, start + 10_000).map((key) => ({
                key,
                ...(options.activations ? { activationsAllowed: options.activations } : {}),
                ...(options.seats ? { seats: options.seats } : {}),
              })),
            });
            loaded += result.loaded;
            duplicates += result.duplicates;
            filled += result.shortfallsFilled;
            available = result.available;
          }
          console.log(
            `vlcenter: loaded ${loaded} ${options.type} keys (${duplicates} already loaded, skipped); ${filled} waiting License IDs got one; ${available} left in the pool`,
          );
        });
      },
    );

  return catalog;
}
