import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.SIGMA_API_URL ?? 'http://127.0.0.1:4600';

// Two entries: the public site + dashboard (index.html) and the operator console (console.html).
// The server serves dist/ (see packages/server/src/planes/web/static.ts); `vite` alone proxies the API.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: { input: { site: `${root}index.html`, console: `${root}console.html` } },
  },
  server: {
    proxy: { '/api': api, '/skill.md': api, '/.well-known': api, '/openapi.json': api },
  },
});
