/**
 * The BUILT service in a plain Node process (no tsx, no test helpers): what `node dist/src/main.js`
 * runs (loadConfig(process.env) + startService), except that it listens on 127.0.0.1 rather than on all
 * interfaces. bench/run.ts transpiles this file to dist/bench/serviceProcess.js, next to dist/src.
 *
 * BENCH_MODE=startup: reports `listening` with the port, then runs until SIGTERM.
 * BENCH_MODE=memory: waits for the first poll cycle and an empty outbox, runs two full GCs (needs
 * --expose-gc), reports `memory` with process.memoryUsage() and the largest heap used until then, then
 * stops.
 * Reports are `BENCH <json>` lines on stderr; stdout carries the service's own log lines, as in production.
 */
import { loadConfig } from '../src/config';
import { startService, type RunningService } from '../src/main';

function report(event: string, data: Record<string, unknown>): void {
  process.stderr.write(`BENCH ${JSON.stringify({ event, ...data })}\n`);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Full GCs until RSS stops falling (V8 hands freed pages back over a few GCs), at most `maxMs`. */
async function settledRss(gc: () => void, maxMs = 60_000): Promise<number> {
  const readings = [process.memoryUsage().rss];
  for (const until = Date.now() + maxMs; Date.now() < until;) {
    await sleep(2000);
    gc();
    readings.push(process.memoryUsage().rss);
    const [a, b, c] = readings.slice(-3);
    if (c !== undefined && a !== undefined && b !== undefined && a - c < 1024 * 1024) break;
  }
  return Math.min(...readings);
}

/**
 * The largest V8 heap in use, sampled every 25 ms from before the service starts: set against the heap
 * after GC it tells garbage V8 had not yet collected from live data at the peak.
 */
function sampleHeap(): { peak: () => number; stop: () => void } {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 25);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

async function measureMemory(service: RunningService, heap: ReturnType<typeof sampleHeap>): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  while (service.poller.status().cycles < 1) await sleep(50);
  const st = service.poller.status();
  if (st.lastError) throw new Error(`the first poll failed: ${st.lastError}`);
  // The outbox is drained when the notifier has seen no entry for 2 s (it looks every second when idle).
  for (let quietSince = Date.now(); Date.now() - quietSince < 2000; await sleep(100)) {
    if (service.notifier.status().pending > 0) quietSince = Date.now();
  }
  heap.stop();
  gc();
  gc();
  const afterGc = process.memoryUsage();
  const rss = await settledRss(gc);
  const m = process.memoryUsage();
  report('memory', {
    rss,
    rssRightAfterGc: afterGc.rss,
    peakRss: process.resourceUsage().maxRSS * 1024,
    peakHeapUsed: heap.peak(),
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    trackedAlerts: st.trackedAlerts,
  });
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // The benchmarks' simulator does not throttle: the poller's request budget is lifted to match.
  if (process.env.BENCH_UNPACED === '1') config.poller.requestsPerMinute = Number.POSITIVE_INFINITY;
  const heap = process.env.BENCH_MODE === 'memory' ? sampleHeap() : undefined;
  const service = await startService(config, { host: '127.0.0.1', processMetrics: true });
  report('listening', { port: service.port });
  const stop = (): void => void service.stop().then(() => process.exit(0), () => process.exit(1)); // prettier-ignore
  process.once('SIGTERM', stop);
  if (heap) {
    await measureMemory(service, heap);
    stop();
  }
}

main().catch((err: unknown) => {
  report('failed', { message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
