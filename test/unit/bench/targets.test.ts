import { judge } from '../../../bench/lib/targets';
import type { CaseResult } from '../../../bench/lib/types';

/** A 3-replica tenants result as it comes back from the benchmark's child process (JSON: NaN is null). */
const result = (takeoverMs: number | null): CaseResult =>
  JSON.parse(
    JSON.stringify({
      name: 'tenants',
      runs: 1,
      samples: { onTimeShare: [1], takeoverMs: [takeoverMs], leasePeriodMs: [60_000], doublePolls: [0] },
      details: { tenants: 300, replicas: 3, killedTenants: 100 },
    }),
  ) as CaseResult;

describe('the benchmarks’ targets', () => {
  const takeover = (r: CaseResult) => judge(r).find((v) => v.criterion.field === 'takeoverMs')!;

  it('judges a measured figure against its limit', () => {
    expect(takeover(result(90_000))).toMatchObject({ met: true, runsMet: 1, limit: 120_000 });
    expect(takeover(result(130_000))).toMatchObject({ met: false, runsMet: 0 });
  });

  it('never counts a figure the run could not measure (a takeover unfinished in the window) as met', () => {
    expect(takeover(result(null))).toMatchObject({ met: false, runsMet: 0 });
    expect(takeover(result(Number.NaN))).toMatchObject({ met: false, runsMet: 0 });
  });
});
