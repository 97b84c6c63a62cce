import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { type Plugin, defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/**
 * Writes `file.br` and `file.gz` next to each of `files` (paths under `dir`) that is 1 kB or more,
 * which the server sends to browsers that accept them (serveStatic's `precompressed`), so nothing is
 * compressed per request. Brotli quality 10: within 2% of 11 on our chunks at under half the time.
 */
export async function precompressFiles(dir: string, files: string[]): Promise<void> {
  await Promise.all(
    files.map(async (f) => {
      const file = path.join(dir, f);
      const data = await fs.readFile(file);
      if (data.length < 1024) return;
      const params = {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 10,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      };
      const [gz, br] = await Promise.all([gzip(data, { level: 9 }), brotli(data, { params })]);
      await Promise.all([fs.writeFile(`${file}.gz`, gz), fs.writeFile(`${file}.br`, br)]);
    }),
  );
}

/** The build step that precompresses the web app's text files (see precompressFiles). */
function precompress(): Plugin {
  return {
    name: 'tessera:precompress',
    apply: 'build',
    async writeBundle(output, bundle) {
      const dir = output.dir ?? path.dirname(output.file ?? '.');
      await precompressFiles(
        dir,
        Object.keys(bundle).filter((f) => /\.(?:js|mjs|css|html|svg|json|txt)$/.test(f)),
      );
    },
  };
}

/**
 * Vendor groups: stable, cacheable chunks; dnd-kit loads only on pages that need it. rjsf + ajv are left to
 * automatic splitting behind the lazy record form: a manual group for them imported antd helpers back from the
 * pages' chunks, a cycle that broke module evaluation order.
 * antd is left to automatic splitting so each page pulls only the components it uses.
 */
const vendorGroups: Array<{ name: string; test: RegExp; priority: number }> = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
  { name: 'dnd', test: /node_modules[\\/]@dnd-kit[\\/]/, priority: 25 },
  {
    name: 'data',
    test: /node_modules[\\/](@tanstack[\\/](react-query|query-core)|i18next|react-i18next|html-parse-stringify|use-sync-external-store)[\\/]/,
    priority: 20,
  },
];

/**
 * The web app: `web/` is the root, the build lands in `dist/web` (served by the server).
 * Build with `npx vite build` (package script `build:web`).
 */
export default defineConfig({
  // Vitest reads this file too: keep its root at the repo so server and web tests are all found.
  root: process.env.VITEST ? undefined : here('./web'),
  base: '/',
  // web/public holds the public form page's source, not files to copy into the build.
  publicDir: false,
  plugins: [react(), precompress()],
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // antd's building blocks do not declare `sideEffects: false`, so their barrels keep everything they list:
      // antd's form context alone (imported by every input) pulled in the whole form engine and its validator.
      // They are plain component modules; without this, unused parts are dropped.
      treeshake: { moduleSideEffects: [{ test: /node_modules[\\/]@rc-component[\\/]/, sideEffects: false }] },
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
    proxy: {
      '^/api/(?!.*\\.(?:tsx?|jsx?|css)(?:\\?.*)?$)': {
        target: process.env.TESSERA_API ?? 'http://127.0.0.1:3000',
        changeOrigin: false,
      },
    },
  },
});
