import { Command, Option } from 'commander';
import { loadConfig, type ProcessRole } from '../config.js';
import { startServer } from '../main.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the HTTP server and the background worker (applies pending migrations first)')
    .addOption(
      new Option('--role <role>', 'api: HTTP only; worker: jobs and mail only; all: both').choices([
        'api',
        'worker',
        'all',
      ]),
    )
    .action(async (options: { role?: ProcessRole }) => {
      const config = loadConfig(process.env, options.role ? { role: options.role } : {});
      const server = await startServer(config);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`vlcenter: ${signal} received, finishing in-flight work`);
        // A stuck shutdown must not hang forever under a process manager.
        setTimeout(() => process.exit(1), 15_000).unref();
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error('vlcenter: shutdown failed', error);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
