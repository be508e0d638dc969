/**
 * correlation: bench/correlation.ts (the correlation engineer's benchmark, used as is): the indexed
 * engine over 20k Defender × 200k DLP alerts from the simulator's scale scenario, against the seed's
 * nested loop and JSON.parse of the same alerts as Graph pages. Times are CPU ms.
 */
import { correlateBatch, DEFAULT_WINDOW_MS } from '../../src/correlation';
import { isDlpAlert, type SecurityAlert } from '../../src/model';
import { generateAlerts } from '../../simulator';
import { benchCorrelation } from '../correlation';
import { profiled, PROFILE_DIR_ENV, round, progress, type CaseResult } from '../lib';

const NOW = Date.UTC(2026, 0, 12, 12, 0, 0);

/**
 * Profiling a miss: the same data as bench/correlation.ts (scale scenario, JSON round trip per page of
 * 1000, 20k Defender + 200k DLP alerts) and only the measured call, `correlateBatch`, in the profile.
 */
async function profileOurs(): Promise<void> {
  const generated = generateAlerts('scale:222232', 1, NOW).alerts;
  const defender: SecurityAlert[] = [];
  const dlp: SecurityAlert[] = [];
  for (let i = 0; i < generated.length; i += 1000) {
    for (const a of JSON.parse(JSON.stringify(generated.slice(i, i + 1000))) as SecurityAlert[]) {
      if (isDlpAlert(a)) {
        if (dlp.length < 200_000) dlp.push(a);
      } else if (defender.length < 20_000) defender.push(a);
    }
  }
  correlateBatch(defender.slice(0, 500), dlp.slice(0, 5000), DEFAULT_WINDOW_MS);
  await profiled('correlation', async () => correlateBatch(defender, dlp, DEFAULT_WINDOW_MS));
}

export async function correlation(runs: number): Promise<CaseResult> {
  if (process.env[PROFILE_DIR_ENV]) {
    await profileOurs();
    return { name: 'correlation', runs: 0, samples: {}, details: { profiled: 'correlateBatch only' } };
  }
  const r = await benchCorrelation({ runs, memory: false });
  const pairs = Math.min(r.runs.msOurs.length, r.runs.msNestedLoop.length);
  const speedups = r.runs.msNestedLoop.slice(0, pairs).map((n, i) => Math.round(n / (r.runs.msOurs[i] as number))); // prettier-ignore
  const ofParse = (ms: number[]) => ms.map((o, i) => round(o / (r.runs.msJsonParse[i] as number), 3));
  progress(
    'correlation',
    `ours ${r.msOurs} ms, nested loop ${r.msNestedLoop} ms, JSON.parse ${r.msJsonParse} ms, floor ${r.msFloor} ms`,
  );
  return {
    name: 'correlation',
    runs,
    samples: {
      msOurs: r.runs.msOurs,
      msNestedLoop: r.runs.msNestedLoop,
      msJsonParse: r.runs.msJsonParse,
      speedupVsNestedLoop: speedups,
      fractionOfParse: ofParse(r.runs.msOurs),
      msPlainIndex: r.runs.msPlainIndex,
      plainFractionOfParse: ofParse(r.runs.msPlainIndex),
      msFloor: r.runs.msFloor,
      floorFractionOfParse: ofParse(r.runs.msFloor),
    },
    // bench/correlation.ts reports ratios of the medians; the per-run ratios give their spread.
    headline: {
      msOurs: r.msOurs,
      msNestedLoop: r.msNestedLoop,
      msJsonParse: r.msJsonParse,
      speedupVsNestedLoop: r.speedupVsNestedLoop,
      fractionOfParse: r.fractionOfParse,
      msPlainIndex: r.msPlainIndex,
      plainFractionOfParse: r.plainFractionOfParse,
      msFloor: r.msFloor,
      floorFractionOfParse: r.floorFractionOfParse,
    },
    details: {
      defenderAlerts: r.defenderAlerts,
      dlpAlerts: r.dlpAlerts,
      matches: r.matches,
      bytesPerAlert: r.bytesPerAlert,
      nestedLoop: `timed on ${r.nestedLoopSampled.sample} Defender alerts against every DLP alert and scaled to ${r.nestedLoopSampled.scaledFrom} (it is linear in them), ${r.runs.msNestedLoop.length} runs; same pairs as ours: ${r.nestedLoopSampled.agreesWithOurs}`, // prettier-ignore
      timing: 'CPU time (user + system) of the process',
      data: r.data,
    },
  };
}
