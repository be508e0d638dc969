/**
 * `tsx simulator/cli.ts --port <p> --scenario <name> --tls-dir <dir> [...]`: runs the simulator until
 * SIGINT/SIGTERM. Prints exactly `listening https://localhost:<port>` once it accepts connections.
 */
import { parseCliArgs, USAGE } from './cliArgs';
import { startSimulator } from './simulator';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const sim = await startSimulator(options);
  console.log(`listening ${sim.url}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`graph simulator: error while stopping on ${signal}:`, err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('graph simulator: could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
