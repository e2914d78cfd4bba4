// Browser tests (Playwright, Debian's Chromium). Runs the BUILT server (`npm run build` first) on a free port
// with a fresh, temporary embedded database that seeds the demo world; the data is deleted afterwards.
// Never run `npx playwright install`: the browser is /usr/bin/chromium (apt-get install -y chromium).
import { execFileSync } from 'node:child_process';
import { defineConfig, devices } from '@playwright/test';

// Playwright evaluates this file in the runner and again in every worker: pick the port once and hand it on
// through the environment, so all of them agree.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD ??= '1';
const freePort = () =>
  execFileSync(
    process.execPath,
    [
      '-e',
      "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
    ],
    { encoding: 'utf8' },
  ).trim();
process.env.VLC_E2E_PORT ??= freePort();
// The web-server wrapper runs a test DNS server for domain proofs; tests publish TXT records through this port.
const dnsControlPort = (process.env.VLC_E2E_DNS_CONTROL_PORT ??= freePort());
const port = Number(process.env.VLC_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    locale: 'en-US',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.VLC_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    // The wrapper makes a temporary DATA_DIR, runs `node bin/vlcenter.js serve` in it and deletes it on exit.
    command: 'node --import tsx test/e2e/web-server.ts',
    url: `${baseURL}/healthz`,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      VLC_E2E_DNS_CONTROL_PORT: dnsControlPort,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
