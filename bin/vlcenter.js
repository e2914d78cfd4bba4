#!/usr/bin/env node
// The CLI runs the compiled server (npm run build); during development use `npm run cli -- <command>`.
import('../dist/cli/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('vlcenter is not built yet: run `npm run build` first.');
    process.exit(1);
  }
  throw error;
});
