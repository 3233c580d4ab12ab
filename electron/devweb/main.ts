import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths';
import { startDevWebServer } from './server';

/**
 * `npm run dev:web [-- --port N] [-- --data-dir DIR]`: the renderer in a normal browser, talking to the
 * real core (same data folder and keychain as the app unless told otherwise) over the loopback bridge.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535 (0 picks a free port), not "${values.port}".`);
  }
  const dataDir = resolveDataDir(values['data-dir']);
  const server = await startDevWebServer({ dataDir, port });

  process.stdout.write(
    [
      '',
      '  Vitrina dev:web is running.',
      `  Open:  ${server.url}`,
      `  Data:  ${dataDir}`,
      '  The address carries this run\'s access token; do not share it. Ctrl+C stops.',
      '',
    ].join('\n') + '\n',
  );

  let stoppingSince = 0;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince) {
      // tsx relays the terminal's Ctrl+C to this process, so one keypress arrives twice; only a later
      // one means "stop now", even if a socket is slow to close.
      if (Date.now() - stoppingSince > 1_000) process.exit(130);
      return;
    }
    stoppingSince = Date.now();
    process.stdout.write(`\n  ${signal}: stopping…\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`dev:web did not stop cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`dev:web could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
