/**
 * The bot process of `npm run demo` (started by scripts/demo.ts, not meant to be run by hand): the real
 * service from the environment's configuration, like `src/main.ts`, but listening on 127.0.0.1 only, since
 * a demo must not be reachable from the network. Runs in its own process because the simulator's
 * self-signed certificate is trusted through NODE_EXTRA_CA_CERTS, which Node reads only at start-up.
 * SIGTERM or SIGINT stops it cleanly; it exits 1 when it cannot start.
 */
import { loadConfig } from '../src/config';
import { errorMessage } from '../src/errors';
import { startService } from '../src/main';

async function main(): Promise<void> {
  const service = await startService(loadConfig(process.env), { host: '127.0.0.1' });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return; // a second signal while stopping changes nothing
    stopping = true;
    service.services.logger.info({ signal }, 'demo bot stopping');
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`demo bot: stopping failed: ${errorMessage(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`demo bot: could not start: ${errorMessage(err)}`);
  process.exit(1);
});
