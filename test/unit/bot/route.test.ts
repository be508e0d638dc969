import { parseRoute } from '../../../src/bot/commands/route';
import type { Subscription } from '../../../src/subscriptions';

const sub = (over: Partial<Subscription> = {}): Subscription => ({
  id: 's',
  ref: { serviceUrl: 'http://127.0.0.1:1/', channelId: 'msteams', conversation: { id: '19:a@thread.tacv2' } },
  filter: { minSeverity: 'medium', sources: ['microsoftDefenderForEndpoint'] },
  createdBy: { name: 'Riley' },
  createdAt: '2026-12-07T00:00:00Z',
  ...over,
});

function change(args: string, base = sub()) {
  const r = parseRoute(args);
  if (!r.ok) throw new Error(r.error);
  return r.change(base);
}

describe('/route parsing', () => {
  it('adds a severity floor, detectors and the sensitive route, keeping the other rules', () => {
    expect(change('add severity>=high detectors=det-1,det-2 sensitive')).toEqual({
      filter: {
        minSeverity: 'high',
        sources: ['microsoftDefenderForEndpoint'],
        detectors: ['det-1', 'det-2'],
      },
      sensitive: true,
    });
  });

  it('adds detectors to the ones already routed, once each', () => {
    const base = sub({ filter: { detectors: ['det-1'] } });
    expect(change('add detectors=det-1,det-3', base).filter.detectors).toEqual(['det-1', 'det-3']);
  });

  it("adds workloads in any of Microsoft's spellings, to the ones already routed, in canonical order", () => {
    const base = sub({ filter: { workloads: ['Teams'] } });
    expect(change('add workloads=MicrosoftExchangeOnline,devices,teams', base).filter.workloads).toEqual([
      'Exchange',
      'Teams',
      'Endpoint',
    ]);
    expect(change('remove workloads', base).filter).toEqual({});
  });

  it('removes rules by name, and the sensitive route', () => {
    const base = sub({ sensitive: true, filter: { minSeverity: 'high', detectors: ['d'] } });
    expect(change('remove severity detectors sensitive', base)).toEqual({ filter: {}, sensitive: false });
    expect(change('remove severity', base).sensitive).toBe(true);
  });

  it('refuses what it does not understand with a sentence, changing nothing', () => {
    for (const [args, error] of [
      ['', /add or remove/],
      ['delete severity', /add or remove/],
      ['add', /add or remove/],
      ['remove colour', /not a rule/],
      ['add severity>=urgent', /Unknown severity/],
      ['add detectors=<script>', /not a detector id/],
      ['add detectors=', /at least one id/],
      ['add workloads=Yammer', /Unknown workload "Yammer"/],
      ['add workloads=', /needs at least one of Exchange/],
    ] as const) {
      const r = parseRoute(args);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    }
  });
});
