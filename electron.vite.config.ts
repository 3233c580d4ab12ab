import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Vitrina's layout is not electron-vite's default src/{main,preload,renderer}, so every entry is named here.
// Dependencies in package.json stay external to main (electron-vite's `externalizeDeps`, on by default);
// better-sqlite3 and keytar are listed again because their .node binaries can never be bundled.
const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: { index: resolve(root, 'electron/main/index.ts') },
        external: ['better-sqlite3', 'keytar'],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload is a classic script with a limited `require` (electron, events, timers, url):
      // it cannot be an ES module and cannot load files from node_modules, so it is one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Never inline assets as data: URLs; the Content-Security-Policy does not allow data: (see csp.ts).
      assetsInlineLimit: 0,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
