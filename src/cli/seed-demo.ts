import { Command } from 'commander';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { DEMO_PASSWORD, DEMO_SIGN_INS, seedDemo } from '../demo/seed.js';
import { resolveSecretKey } from '../secret-key.js';

export function seedDemoCommand(): Command {
  return new Command('seed-demo')
    .description('Seed the demo world (operator, partner, Contoso, Fourth Coffee, products) into an empty database')
    .action(async () => {
      const config = loadConfig();
      const db = await openDatabase(config);
      try {
        await migrateDatabase(db);
        if (!(await seedDemo(db.db, systemClock, config, await resolveSecretKey(config)))) {
          console.log('vlcenter: the database already has tenants; the demo world was not seeded');
          return;
        }
        console.log(`vlcenter: demo world seeded in ${db.description}; sign in with password ${DEMO_PASSWORD} as:`);
        for (const s of DEMO_SIGN_INS) console.log(`  ${s.signInName.padEnd(28)} ${s.role}`);
      } finally {
        await db.close();
      }
    });
}
