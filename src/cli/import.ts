// `vlcenter import --partner <pcn> [--kind …] [--dry-run] <file...>`: bulk import of a partner's records from CSV or
// JSON files (docs/import.md). Exit code 0 when every row was imported or already present, 2 when some were rejected
// (the rest imported; the rows and fields are in <file>.errors.csv), 1 when a file or the setup is unusable.
import fs from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { eq } from 'drizzle-orm';
import { randomToken, systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { partners } from '../db/schema.js';
import { createAgreementsService, type PartnerActor } from '../modules/agreements/service.js';
import { ImportFileError, locate, parseImportFile } from '../modules/import/formats.js';
import { createImportService, IMPORT_KINDS, type ImportKind } from '../modules/import/service.js';
import { createOnboardingService } from '../modules/onboarding/service.js';
import { resolveSecretKey } from '../secret-key.js';

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new InvalidArgumentError('must be a whole number from 1 to 100000');
  return n;
}

/** Progress on stderr: a bar on a terminal, otherwise a line per 10 %. */
function progress(file: string, total: number) {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${file} [{bar}] {percentage}% | {value}/{total} records | ETA {eta}s`,
      stream: process.stderr,
      hideCursor: true,
    });
    bar.start(total, 0);
    return { update: (done: number) => bar.update(done), stop: () => bar.stop() };
  }
  let lastDecile = -1;
  return {
    update: (done: number) => {
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        process.stderr.write(`vlcenter: ${file}: ${decile * 10}% (${done}/${total} records)\n`);
      }
    },
    stop: () => undefined,
  };
}

export function importCommand(): Command {
  return new Command('import')
    .description(
      'Import a partner’s organizations, License IDs or orders from CSV or JSON files (see docs/import.md); re-runs skip what is already present',
    )
    .requiredOption('--partner <pcn>', 'the PCN of the partner the records belong to')
    .addOption(
      new Option(
        '--kind <kind>',
        'what the files hold (default: told by the CSV header or the first JSON record)',
      ).choices([...IMPORT_KINDS]),
    )
    .option('--dry-run', 'check every row and report, but change nothing')
    .option('--batch-size <n>', 'records per transaction', positiveInteger, 500)
    .argument('<file...>', 'CSV or JSON files')
    .action(
      async (files: string[], options: { partner: string; kind?: ImportKind; dryRun?: boolean; batchSize: number }) => {
        const config = loadConfig();
        const handle = await openDatabase(config);
        let rejectedRows = 0;
        try {
          await migrateDatabase(handle);
          const secretKey = await resolveSecretKey(config);
          const db = handle.db;
          const [partner] = await db.select().from(partners).where(eq(partners.pcn, options.partner));
          if (!partner) {
            console.error(`vlcenter: there is no partner with PCN ${options.partner}`);
            process.exitCode = 1;
            return;
          }
          const onboarding = createOnboardingService({
            db,
            clock: systemClock,
            config: { ...config, secretKey },
            newToken: randomToken,
          });
          const agreements = createAgreementsService({ db, clock: systemClock, newToken: randomToken, onboarding });
          const importer = createImportService({ db, agreements });
          const actor: PartnerActor = { id: partner.id, tokenId: null, accountId: null, ip: 'cli' };

          for (const file of files) {
            let text: string;
            try {
              text = await fs.readFile(file, 'utf8');
            } catch (error) {
              console.error(`vlcenter: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
              process.exitCode = 1;
              return;
            }
            const parsed = parseImportFile(text, file, options.kind);
            const csv = !text
              .replace(/^\uFEFF/, '')
              .trimStart()
              .startsWith('[');
            const rowCount = parsed.records.reduce((n, r) => n + r.rows.length, 0);
            const bar = progress(file, parsed.records.length);
            const started = Date.now();
            const result = await importer.importRecords(
              actor,
              parsed.kind,
              parsed.records.map((r) => r.record),
              {
                batchSize: options.batchSize,
                ...(options.dryRun ? { dryRun: true } : {}),
                onProgress: (done) => bar.update(done),
              },
            );
            bar.stop();
            const seconds = (Date.now() - started) / 1000;
            const errorFile = `${file}.errors.csv`;
            const reportLines = ['row,field,message'];
            let rejectedInFile = 0;
            for (const rejected of result.rejected) {
              const source = parsed.records[rejected.index]!;
              rejectedInFile += source.rows.length;
              for (const f of rejected.fields) {
                const at = locate(source, f.name, csv);
                reportLines.push([at.row, at.field, f.message].map(csvCell).join(','));
              }
            }
            if (result.rejected.length > 0) await fs.writeFile(errorFile, reportLines.join('\r\n') + '\r\n');
            else await fs.rm(errorFile, { force: true });
            rejectedRows += rejectedInFile;
            const noun =
              parsed.kind === 'orders' ? 'orders' : parsed.kind === 'license-ids' ? 'License IDs' : 'organizations';
            console.log(
              `vlcenter: ${file}: ${parsed.records.length} ${noun} in ${rowCount} rows${options.dryRun ? ' (dry run: nothing was changed)' : ''}: ` +
                `${result.imported} ${options.dryRun ? 'would be imported' : 'imported'}, ${result.alreadyPresent} already present, ` +
                `${result.rejected.length} rejected (${rejectedInFile} rows) in ${seconds.toFixed(1)} s` +
                (result.rejected.length > 0 ? `; see ${errorFile}` : ''),
            );
            for (const line of reportLines.slice(1, 11)) console.log(`  ${line}`);
            if (reportLines.length > 11) console.log(`  … ${reportLines.length - 11} more in ${errorFile}`);
          }
          if (rejectedRows > 0) process.exitCode = 2;
        } catch (error) {
          if (error instanceof ImportFileError) {
            console.error(`vlcenter: ${error.message}`);
            process.exitCode = 1;
            return;
          }
          throw error;
        } finally {
          await handle.close();
        }
      },
    );
}
