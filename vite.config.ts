import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Vendor groups: stable, cacheable chunks; dnd-kit loads only on pages that need it. rjsf + ajv are left to
 * automatic splitting behind the lazy record form: a manual group for them imported antd helpers back from the
 * pages' chunks, a cycle that broke module evaluation order.
 * antd is left to automatic splitting so each page pulls only the components it uses.
 */
const vendorGroups: Array<{ name: string; test: RegExp; priority: number }> = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
  { name: 'dnd', test: /node_modules[\\/]@dnd-kit[\\/]/, priority: 25 },
  { name: 'data', test: /node_modules[\\/](@tanstack[\\/](react-query|query-core)|i18next|react-i18next|html-parse-stringify|use-sync-external-store)[\\/]/, priority: 20 },
];

/**
 * The web app: `web/` is the root, the build lands in `dist/web` (served by the server).
 * Build with `npx vite build` (package script `build:web`).
 */
export default defineConfig({
  // Vitest reads this file too: keep its root at the repo so server and web tests are all found.
  root: process.env.VITEST ? undefined : here('./web'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Without this a group swallows its dependencies too (rjsf would take the antd it uses).
        codeSplitting: { includeDependenciesRecursively: false, groups: vendorGroups },
      },
    },
  },
  server: {
    port: 5173,
    // `/api` goes to the server, except the app's own modules under web/api/ (client.ts…), which Vite serves.
    // TESSERA_API points the proxy at another server (default: the local one on port 3000).
    proxy: { '^/api/(?!.*\\.(?:tsx?|jsx?|css)(?:\\?.*)?$)': { target: process.env.TESSERA_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
