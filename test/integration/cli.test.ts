// Bad configuration must give one clear line and a non-zero exit — never a stack trace.
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineRefusal, runCli, startCli } from '../helpers/cli.js';
import { createTestDatabaseEnv, createTestDatabaseUrl, testDbKind } from '../helpers/test-db.js';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'vlc-cli-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('bad configuration', () => {
  it('a malformed SMTP_URL', async () => {
    expectOneLineRefusal(
      await runCli(['serve'], { SMTP_URL: 'mail.example.com:25', DATA_DIR: tmp }),
      /SMTP_URL must look like/,
    );
  });

  it('malformed DNS_SERVERS', async () => {
    expectOneLineRefusal(
      await runCli(['serve'], { DNS_SERVERS: '127.0.0.1:53,resolver.local', DATA_DIR: tmp }),
      /DNS_SERVERS: "resolver.local"/,
    );
  });

  it('an unreachable DATABASE_URL', async () => {
    const run = await runCli(['serve'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/vlcenter',
      VLCENTER_SECRET_KEY: 'ab'.repeat(32),
    });
    expectOneLineRefusal(run, /cannot reach the database at 127\.0\.0\.1:1\/vlcenter \(ECONNREFUSED\)/);
  });

  it("an unreachable DATABASE_URL naming a Unix socket (libpq's form, which a WHATWG URL parser refuses)", async () => {
    const run = await runCli(['serve'], {
      DATABASE_URL: `postgres://postgres:secret@/vlcenter?host=${encodeURIComponent(path.join(tmp, 'no-socket-here'))}`,
      VLCENTER_SECRET_KEY: 'ab'.repeat(32),
    });
    expectOneLineRefusal(
      run,
      /cannot reach the database at the socket \S+\/no-socket-here\/\.s\.PGSQL\.5432, database vlcenter \(ENOENT\)/,
    );
    expect(run.stderr + run.stdout).not.toContain('secret');
  });

  it('an unwritable DATA_DIR', async () => {
    const file = path.join(tmp, 'a-file');
    await fs.writeFile(file, '');
    expectOneLineRefusal(await runCli(['serve'], { DATA_DIR: path.join(file, 'data') }), /DATA_DIR .* is not writable/);
  });

  it('a port already in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const env = { ...(await createTestDatabaseEnv(path.join(tmp, 'port'))), PORT: String(port), SEED_DEMO: 'off' };
      expectOneLineRefusal(
        await runCli(['serve'], env),
        new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      blocker.close();
    }
  }, 120_000);
});

describe('serve', () => {
  it('serves, then stops cleanly on SIGTERM with exit code 0', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    await new Promise((resolve) => blocker.close(resolve));
    const env = { ...(await createTestDatabaseEnv(path.join(tmp, 'sigterm'))), PORT: String(port), SEED_DEMO: 'off' };
    const { child, run, exited } = startCli(['serve'], env);
    const deadline = Date.now() + 90_000;
    let healthy = false;
    while (!healthy && Date.now() < deadline && child.exitCode === null) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await new Promise((r) => setTimeout(r, 250));
    }
    expect(healthy, run.stdout + run.stderr).toBe(true);
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    expect(run.stdout).toContain('SIGTERM received');
  }, 120_000);
});

describe('commands', () => {
  it('each command has --help', async () => {
    for (const command of ['serve', 'migrate', 'seed-demo']) {
      const run = await runCli([command, '--help'], {});
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: vlcenter ${command}`);
    }
  }, 60_000);

  it('migrate, then seed-demo, then seed-demo again (which changes nothing)', async () => {
    const env: Record<string, string> =
      testDbKind() === 'postgres'
        ? {
            DATABASE_URL: await createTestDatabaseUrl({ migrated: false }),
            VLCENTER_SECRET_KEY: 'ef'.repeat(32),
            // The demo's download files go under DATA_DIR/files whatever the database.
            DATA_DIR: path.join(tmp, 'seed-files'),
          }
        : { DATA_DIR: path.join(tmp, 'seed') };
    const migrate = await runCli(['migrate'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/is up to date/);
    const seed = await runCli(['seed-demo'], env);
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toContain('operator@publisher.example');
    const again = await runCli(['seed-demo'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already has tenants');
  }, 180_000);
});
