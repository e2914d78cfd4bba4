// Playwright's webServer: runs the built server (`node bin/vlcenter.js serve`) with a fresh temporary DATA_DIR,
// passes SIGTERM/SIGINT on, and removes the directory once the server has exited.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlcenter-e2e-'));
const cleanUp = () => fs.rmSync(dataDir, { recursive: true, force: true });

const server = spawn(process.execPath, [path.join(root, 'bin/vlcenter.js'), 'serve'], {
  cwd: root,
  env: { ...process.env, DATA_DIR: dataDir },
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
  cleanUp();
  process.exit(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1));
});
