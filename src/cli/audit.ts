import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { verifyAuditLog } from '../modules/audit/verify.js';

const REASONS = {
  hash_mismatch: 'its content was changed after it was written',
  broken_link: 'the entry before it was deleted or changed',
  head_mismatch: 'the newest entries differ from the expected head (entries were removed from the end?)',
} as const;

export function auditCommand(): Command {
  const audit = new Command('audit').description('Work with the append-only audit log');
  audit
    .command('verify')
    .description('Recompute the hash chain of the audit log; exits 1 naming the first bad entry')
    .option('--expect-head <hash>', 'the head hash recorded earlier (detects entries removed from the end)')
    .action(async (options: { expectHead?: string }) => {
      const config = loadConfig();
      const db = await openDatabase(config);
      try {
        const result = await verifyAuditLog(db.db, options.expectHead ? { expectHead: options.expectHead } : {});
        if (result.ok) {
          console.log(
            `vlcenter: the audit log is intact: ${result.entries} entries` +
              (result.head ? `, head #${result.head.id} ${result.head.hash}` : ''),
          );
          return;
        }
        console.error(
          `vlcenter: the audit log was tampered with: entry #${result.firstBadId} fails verification (${REASONS[result.reason]}); ${result.entries} entries before it are intact`,
        );
        process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
  return audit;
}
