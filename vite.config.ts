import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI lives in src/ui and builds to dist/ui, which `serve` hands out at /.
export default defineConfig({
  root: 'src/ui',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/ui',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npx vite` for UI work against a running `serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
