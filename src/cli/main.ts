// The `vlcenter` command. Startup problems print one line and exit non-zero; only genuine bugs print a stack.
import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { StartupError } from '../db/client.js';
import { auditCommand } from './audit.js';
import { catalogCommand } from './catalog.js';
import { importCommand } from './import.js';
import { migrateCommand } from './migrate.js';
import { seedDemoCommand } from './seed-demo.js';
import { serveCommand } from './serve.js';

const program = new Command()
  .name('vlcenter')
  .description('A self-hostable Volume Licensing Center. Configuration comes from the environment (see README).')
  .showHelpAfterError()
  .addCommand(serveCommand(), { isDefault: true })
  .addCommand(migrateCommand())
  .addCommand(seedDemoCommand())
  .addCommand(auditCommand())
  .addCommand(importCommand())
  .addCommand(catalogCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(`vlcenter: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
