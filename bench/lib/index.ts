/** What the benchmarks (bench/cases) and the runner (bench/run.ts) use from bench/lib. */
export { parseArgs, USAGE, type BenchArgs } from './args';
export {
  BUILT_MAIN,
  prepareBuiltDriver,
  shippedNodeFlags,
  spawnBuiltService,
  type BuiltService,
} from './builtService';
export { machine, type Machine } from './machine';
export { correlatedPairs, freshPair, type AlertPair } from './pairs';
export { profiled, PROFILE_DIR_ENV, summariseProfiles, type ProfileSummary } from './profile';
export { renderReport, type Report } from './report';
export { ANALYST, startBenchService, until, type BenchService } from './service';
export { startSimProcess, type SimHandle } from './sim';
export { bareLoop, devToken, type BareLoopResult } from './bareLoop';
export { percentile, round, spread } from './stats';
export { headline, judge, SPECS } from './targets';
export { alertIdOf, cardOfOp, CHANNEL_ID, digestTotal, pressButton, subscribeChannel } from './teams';
export { BENCH_NAMES, isBenchName, progress, type BenchCase, type BenchName, type CaseResult } from './types';
