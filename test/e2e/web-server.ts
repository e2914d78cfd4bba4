// Playwright's webServer: runs the built server (`node bin/vlcenter.js serve`, with the Node options of `npm start`)
// with a fresh temporary DATA_DIR, passes SIGTERM/SIGINT on, and removes the directory once the server has exited.
// It also runs the harness's DNS server and points the app at it (DNS_SERVERS), so domain proofs resolve against
// records the tests publish through a loopback control endpoint:
// PUT http://127.0.0.1:$VLC_E2E_DNS_CONTROL_PORT/txt {"name","values"}.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverNodeOptions } from '../../scripts/server-node-options.js';
import { startDnsServer } from '../helpers/dns-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlcenter-e2e-'));
const cleanUp = () => fs.rmSync(dataDir, { recursive: true, force: true });

const dns = await startDnsServer();
const control = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  request.on('end', () => {
    try {
      const { name, values } = JSON.parse(body) as { name: string; values?: string[] };
      if (request.method === 'PUT' && request.url === '/txt') dns.setTxt(name, values ?? []);
      else if (request.method === 'DELETE' && request.url === '/txt') dns.remove(name);
      else return void response.writeHead(404).end();
      response.writeHead(204).end();
    } catch {
      response.writeHead(400).end();
    }
  });
});
control.listen(Number(process.env.VLC_E2E_DNS_CONTROL_PORT ?? 0), '127.0.0.1');

const server = spawn(process.execPath, [...serverNodeOptions(root), path.join(root, 'bin/vlcenter.js'), 'serve'], {
  cwd: root,
  // Every spec signs in from 127.0.0.1: a larger allowance keeps the per-address sign-in limit out of the way.
  env: { ...process.env, DATA_DIR: dataDir, DNS_SERVERS: dns.server, RATE_LIMIT_FACTOR: '20' },
  stdio: 'inherit',
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.kill(signal);
  });
}
server.on('error', (error) => {
  console.error(`e2e web server: cannot start vlcenter: ${error.message}`);
  cleanUp();
  process.exit(1);
});
server.on('exit', (code, signal) => {
  control.close();
  void dns.stop();
  cleanUp();
  process.exit(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1));
});
