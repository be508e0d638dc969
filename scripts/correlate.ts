/**
 * `npm run correlate -- --since 7d [--json]`: a dry run. Reads the configured Graph (or the simulator)
 * and prints the correlations the bot would post, with the explanation. Nothing is posted to Teams and
 * nothing is written to Graph or the store.
 */
import { loadConfig } from '../src/config';
import { ConfigError, errorMessage } from '../src/errors';
import { createGraphCredential, GraphSecurityClient } from '../src/graph';
import { createLogger } from '../src/log';
import { parseDuration } from '../src/subscriptions';
import { dryRun, formatDryRun } from './dryRun';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run correlate -- [--since 24h|7d|30m] [--json]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { sinceMs: number; json: boolean } {
  let sinceMs = 86_400_000;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--since')
      sinceMs = parseDuration(argv[++i] ?? '') ?? usage(`--since takes 30m, 24h or 7d (at most 30d)`);
    else usage(`unknown argument "${a}"`);
  }
  return { sinceMs, json };
}

function progress(pages: number, alerts: number): void {
  if (!process.stderr.isTTY) return;
  const bar = '#'.repeat(Math.min(30, pages % 31)).padEnd(30, '.');
  process.stderr.write(`\r[${bar}] ${pages} page(s), ${alerts} alert(s) read`);
}

async function main(): Promise<void> {
  const { sinceMs, json } = parseArgs(process.argv.slice(2));
  const config = loadConfig(process.env);
  const logger = createLogger({
    level: process.env.LOG_LEVEL ?? 'warn',
    destination: process.stderr as never,
  });
  const graph = new GraphSecurityClient({
    baseUrl: config.graph.baseUrl,
    credential: createGraphCredential({ ...config.graph, logger }),
    logger,
  });
  const since = new Date(Date.now() - sinceMs).toISOString();
  let read = 0;
  const listing = await graph.listAlertsChangedSince(since, {
    onPage: (page, index) => progress(index + 1, (read += page.length)),
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  for (const u of listing.unread) {
    // Graph would not page through every alert of one instant: say what the dry run did not see.
    const what = u.matching === undefined ? 'some' : String(u.matching - u.read);
    const filter = u.filter.length > 0 ? ` with ${u.filter.join(' and ')}` : '';
    process.stderr.write(
      `warning: ${what} alert(s) changed at ${u.instant}${filter} were not read (${u.reason})\n`,
    );
  }
  const rows = dryRun(listing.alerts, config.poller.windowMs, {
    defenderSources: config.defenderSources,
    maxAlertsPerIdentity: config.poller.maxAlertsPerIdentity,
  });
  if (json) for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    console.log(`Read ${listing.alerts.length} alerts changed since ${since} (${listing.pages} page(s)).`);
    console.log(formatDryRun(rows));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `correlate failed: ${errorMessage(err)}`);
  process.exit(1);
});
