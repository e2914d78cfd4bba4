import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
// The API server the dev server forwards to; override when it runs elsewhere (another port, a container).
const apiServer = process.env.VLCENTER_API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Module preload needs no polyfill in the browsers we support, and the polyfill would be code to audit.
    modulePreload: { polyfill: false },
    // React 19 + Fluent UI v9 alone are about 840 kB minified (240 kB gzip): warn on growth past that, not on it.
    chunkSizeWarningLimit: 900,
  },
  server: {
    // Host stays the dev server's, so the API's same-origin check (Origin vs Host) accepts the browser's writes.
    proxy: Object.fromEntries(
      ['/api', '/healthz', '/dev'].map((prefix) => [prefix, { target: apiServer, changeOrigin: false }]),
    ),
  },
});
