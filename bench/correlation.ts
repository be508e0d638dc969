/**
 * Correlation benchmark: the indexed engine (`correlateBatch`: identity extraction over every evidence
 * path, index, window search, explanations) against the seed articles' nested loop and against
 * `JSON.parse` of the same alerts as Graph pages of 1000. Run alone: `tsx bench/correlation.ts [--json]`.
 *
 * Data: the Graph simulator's `scale:<n>` scenario (simulator), passed through JSON like alerts that
 * come off the wire. Times are CPU time (user + system of the process, GC threads included): wall-clock
 * time means little on a machine shared with other jobs.
 *
 * The nested loop is exactly linear in the Defender alerts, so it runs on a sample of them against every
 * DLP alert and is scaled: msNestedLoop = prep + (sampleRun − prep) × defender / sample, where `prep`
 * (identity extraction for all DLP alerts) is timed alone and counted once.
 *
 * Two references on the same data: a plain identity index (bench/plainIndex.ts), and the floor
 * (bench/floor.ts), the least any correct engine over parsed alerts must do (timestamps, the evidence
 * walk, one Map lookup per identity) with nothing else: how far the engine is from what is possible.
 *
 * Memory (`--memory`, or `memory: true`): see bench/correlationMemory.ts.
 */
import { isDlpAlert, type SecurityAlert } from '../src/model';
import { DEFAULT_WINDOW_MS, correlateBatch } from '../src/correlation';
import { nestedLoopCorrelate } from '../test/helpers/nestedLoop';
import { generateAlerts } from '../simulator/scenario';
import { measureMemory, type MemoryResult } from './correlationMemory';
import { median, settle, time, timeSettled } from './cpuTime';
import { correlationFloor } from './floor';
import { plainIndexCorrelate } from './plainIndex';

export interface CorrelationBenchResult {
  name: 'correlation';
  defenderAlerts: number;
  dlpAlerts: number;
  /** Medians over the runs, in ms of CPU time. */
  msOurs: number;
  msNestedLoop: number;
  msJsonParse: number;
  speedupVsNestedLoop: number;
  /** msOurs / msJsonParse. */
  fractionOfParse: number;
  matches: number;
  /** A plain identity index (bench/plainIndex.ts) on the same data: what the engine's layout is worth. */
  msPlainIndex: number;
  plainFractionOfParse: number;
  /**
   * The floor (bench/floor.ts): timestamps, the evidence walk and one Map lookup per identity, nothing
   * else: a lower bound for any correct engine over parsed alerts on this machine.
   */
  msFloor: number;
  floorFractionOfParse: number;
  /** Every run, in ms. */
  runs: {
    msOurs: number[];
    msNestedLoop: number[];
    msJsonParse: number[];
    msPlainIndex: number[];
    msFloor: number[];
  };
  nestedLoopSampled: { sample: number; scaledFrom: number; agreesWithOurs: boolean };
  /** Average size of one alert as Graph JSON, in bytes. */
  bytesPerAlert: number;
  memory?: MemoryResult;
  data: string;
}

/** A fixed "now" so the data (and so the work) is identical from run to run. */
const NOW = Date.UTC(2026, 0, 12, 12, 0, 0);

function page(alerts: SecurityAlert[], at: number): string {
  return JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#security/alerts_v2',
    '@odata.nextLink': `https://graph.microsoft.com/v1.0/security/alerts_v2?$skiptoken=${at + 1000}`,
    value: alerts.slice(at, at + 1000),
  });
}

/** Total time to JSON.parse every page (serializing a page is not timed). */
async function timeJsonParse(alerts: SecurityAlert[]): Promise<{ ms: number; bytes: number }> {
  await settle();
  let ms = 0;
  let bytes = 0;
  for (let i = 0; i < alerts.length; i += 1000) {
    const text = page(alerts, i);
    bytes += text.length;
    ms += time(() => JSON.parse(text));
  }
  return { ms, bytes };
}

/** The simulator's alerts, split by side and passed through JSON page by page (as the poller gets them). */
function simulatorAlerts(
  nDef: number,
  nDlp: number,
  seed: number,
): { defender: SecurityAlert[]; dlp: SecurityAlert[] } {
  // scale:<n> is 10% Defender, 90% DLP.
  const n = Math.max(Math.ceil(nDef / 0.1), Math.ceil(nDlp / 0.9)) + 10;
  const generated = generateAlerts(`scale:${n}`, seed, NOW).alerts;
  const defender: SecurityAlert[] = [];
  const dlp: SecurityAlert[] = [];
  for (let i = 0; i < generated.length; i += 1000) {
    const parsed = (JSON.parse(page(generated, i)) as { value: SecurityAlert[] }).value;
    generated.fill(undefined as unknown as SecurityAlert, i, i + 1000);
    for (const a of parsed) {
      if (isDlpAlert(a)) {
        if (dlp.length < nDlp) dlp.push(a);
      } else if (defender.length < nDef) defender.push(a);
    }
  }
  return { defender, dlp };
}

function pairSet(ms: Array<{ defenderAlertId: string; dlpAlertId: string }>): Set<string> {
  return new Set(ms.map((m) => `${m.defenderAlertId}|${m.dlpAlertId}`));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

async function timeNestedLoop(
  defender: SecurityAlert[],
  dlp: SecurityAlert[],
  runs: number,
  matches: ReturnType<typeof correlateBatch>,
) {
  const sample = Math.min(200, defender.length);
  const sampleDefender = defender.slice(0, sample);
  let sampled: ReturnType<typeof nestedLoopCorrelate> = [];
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const prep = await timeSettled(() => nestedLoopCorrelate([], dlp, DEFAULT_WINDOW_MS));
    const run = await timeSettled(
      () => (sampled = nestedLoopCorrelate(sampleDefender, dlp, DEFAULT_WINDOW_MS)),
    );
    ms.push(prep + (Math.max(run - prep, 0) * defender.length) / Math.max(sample, 1));
  }
  const ids = new Set(sampleDefender.map((a) => a.id));
  const agrees = sameSet(pairSet(sampled), pairSet(matches.filter((m) => ids.has(m.defenderAlertId))));
  return { ms, sample, agrees };
}

export async function benchCorrelation(
  opts: { defender?: number; dlp?: number; runs?: number; seed?: number; memory?: boolean } = {},
): Promise<CorrelationBenchResult> {
  const nDef = opts.defender ?? 20_000;
  const nDlp = opts.dlp ?? 200_000;
  const runs = Math.max(1, opts.runs ?? 5);
  const { defender, dlp } = simulatorAlerts(nDef, nDlp, opts.seed ?? 1);
  const w = DEFAULT_WINDOW_MS;
  correlateBatch(defender.slice(0, 500), dlp.slice(0, 5000), w); // warm up the JIT
  let matches: ReturnType<typeof correlateBatch> = [];
  const ours: number[] = [];
  for (let r = 0; r < runs; r++)
    ours.push(await timeSettled(() => (matches = correlateBatch(defender, dlp, w))));
  const plain: number[] = [];
  let plainMatches = 0;
  for (let r = 0; r < runs; r++)
    plain.push(await timeSettled(() => (plainMatches = plainIndexCorrelate(defender, dlp, w).length)));
  correlationFloor(defender.slice(0, 500), dlp.slice(0, 5000)); // warm up the JIT
  const floor: number[] = [];
  for (let r = 0; r < runs; r++) floor.push(await timeSettled(() => correlationFloor(defender, dlp)));
  if (plainMatches !== matches.length)
    throw new Error(`plain index found ${plainMatches} matches, ours ${matches.length}`);
  const nested = await timeNestedLoop(defender, dlp, Math.min(runs, 3), matches);
  const all = defender.concat(dlp);
  const parse: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const p = await timeJsonParse(all);
    parse.push(p.ms);
    bytes = p.bytes;
  }
  const [msOurs, msNestedLoop, msJsonParse, msPlain, msFloor] = [
    median(ours),
    median(nested.ms),
    median(parse),
    median(plain),
    median(floor),
  ];
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    name: 'correlation',
    defenderAlerts: defender.length,
    dlpAlerts: dlp.length,
    msOurs: round(msOurs),
    msNestedLoop: round(msNestedLoop),
    msJsonParse: round(msJsonParse),
    speedupVsNestedLoop: Math.round(msNestedLoop / msOurs),
    fractionOfParse: Math.round((msOurs / msJsonParse) * 1000) / 1000,
    matches: matches.length,
    msPlainIndex: round(msPlain),
    plainFractionOfParse: Math.round((msPlain / msJsonParse) * 1000) / 1000,
    msFloor: round(msFloor),
    floorFractionOfParse: Math.round((msFloor / msJsonParse) * 1000) / 1000,
    runs: {
      msOurs: ours.map(round),
      msNestedLoop: nested.ms.map(round),
      msJsonParse: parse.map(round),
      msPlainIndex: plain.map(round),
      msFloor: floor.map(round),
    },
    nestedLoopSampled: { sample: nested.sample, scaledFrom: defender.length, agreesWithOurs: nested.agrees },
    bytesPerAlert: Math.round(bytes / all.length),
    ...(opts.memory === true ? { memory: measureMemory(100_000) } : {}),
    data: 'simulator generateAlerts(scale:<n>), JSON round trip',
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const num = (flag: string): number | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const res = await benchCorrelation({
    defender: num('--defender'),
    dlp: num('--dlp'),
    runs: num('--runs'),
    memory: args.includes('--memory'),
  });
  if (args.includes('--json')) return console.log(JSON.stringify(res));
  console.log(
    `correlation: ${res.defenderAlerts} Defender × ${res.dlpAlerts} DLP alerts (${res.bytesPerAlert} B of JSON each), ${res.matches} matches\n` +
      `  ours        ${res.msOurs} ms CPU (median of ${res.runs.msOurs.length})\n` +
      `  nested loop ${res.msNestedLoop} ms (${res.nestedLoopSampled.sample} Defender alerts timed, scaled ` +
      `to ${res.nestedLoopSampled.scaledFrom}; same pairs as ours: ${res.nestedLoopSampled.agreesWithOurs})\n` +
      `  JSON.parse  ${res.msJsonParse} ms (Graph pages of 1000)\n` +
      `  plain index ${res.msPlainIndex} ms (${(res.plainFractionOfParse * 100).toFixed(1)}% of parse time)\n` +
      `  floor       ${res.msFloor} ms (${(res.floorFractionOfParse * 100).toFixed(1)}% of parse time: bench/floor.ts)\n` +
      `  speedup ${res.speedupVsNestedLoop}× vs nested loop; ${(res.fractionOfParse * 100).toFixed(1)}% of parse time`,
  );
  const m = res.memory;
  if (m) {
    console.log(
      `  memory: ${m.trackedAlerts} tracked alerts, state ${m.stateHeapMB} MB of heap, ` +
        `${m.rssMB} MB RSS (${m.baselineRssMB} MB before)`,
    );
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
