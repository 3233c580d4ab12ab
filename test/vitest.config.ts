import { defineConfig } from 'vitest/config';

// Tests run under Node (no Electron binary is needed). Integration tests start their own real servers
// (s3rver, throwaway PostgreSQL databases, dev:web) on random loopback ports and use the real keychain of
// the private D-Bus session that scripts/test.mjs starts.
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: keep parallelism modest so timing-sensitive integration tests stay reliable.
    maxWorkers: 2,
  },
});
