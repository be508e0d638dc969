/**
 * The bot as `src/main.ts` starts it, except that the Graph credential is pinned to the simulator's
 * development token while AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET are configured. The
 * secret is then part of the loaded configuration (where a careless log line would print it) without
 * changing what the bot does: there is no Entra ID to exchange it with. Run by secrets.test.ts.
 */
import { loadConfig } from '../../../src/config';
import { errorMessage } from '../../../src/errors';
import { DevTokenCredential } from '../../../src/graph';
import { startService } from '../../../src/main';

async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const credential = new DevTokenCredential({ baseUrl: config.graph.baseUrl });
  const service = await startService(config, { host: '127.0.0.1', credential });
  process.once('SIGTERM', () => {
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

run().catch((err: unknown) => {
  console.error(`secretBot failed to start: ${errorMessage(err)}`);
  process.exit(1);
});
