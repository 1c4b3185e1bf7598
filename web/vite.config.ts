import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The dashboard is served by `vigil serve` from web/dist; it talks only to the same server's
// /api, so the build has no base URL to configure and fetches nothing from elsewhere.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Assets become files, never inline data the CSP would have to allow.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2500,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:7300' } },
});
