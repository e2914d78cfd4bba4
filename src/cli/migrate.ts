import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';

export function migrateCommand(): Command {
  return new Command('migrate').description('Apply pending database migrations, then exit').action(async () => {
    const config = loadConfig();
    const db = await openDatabase(config);
    try {
      await migrateDatabase(db);
      console.log(`vlcenter: ${db.description} is up to date`);
    } finally {
      await db.close();
    }
  });
}
