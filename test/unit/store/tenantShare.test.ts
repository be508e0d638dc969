import {
  checkTenantNames,
  fairShare,
  liveReplicas,
  nextLook,
  planShare,
  rendezvousOrder,
  rendezvousScore,
} from '../../../src/store/tenantShare';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `tenant-${i}`);

describe('fairShare', () => {
  it.each([
    [10, 3, 4],
    [9, 3, 3],
    [300, 3, 100],
    [301, 3, 101],
    [2, 3, 1],
    [0, 3, 0],
    [5, 1, 5],
    [5, 0, 5], // no replica seen (cannot happen: a replica counts itself) still holds everything
  ])('%i tenants over %i live replicas: at most %i each', (tenants, live, share) => {
    expect(fairShare(tenants, live)).toBe(share);
  });

  it('always leaves room for every tenant: share x live >= tenants', () => {
    for (let t = 0; t <= 50; t++)
      for (let l = 1; l <= 7; l++) expect(fairShare(t, l) * l).toBeGreaterThanOrEqual(t);
  });
});

describe('rendezvous order', () => {
  const tenants = names(300);

  it('is a stable permutation of the tenants, the same wherever it is computed', () => {
    const order = rendezvousOrder('replica-a', tenants);
    expect([...order].sort()).toEqual([...tenants].sort());
    expect(rendezvousOrder('replica-a', [...tenants].reverse())).toEqual(order);
    expect(rendezvousScore('replica-a', 'tenant-1')).toBe(rendezvousScore('replica-a', 'tenant-1'));
  });

  it('differs between replicas, so replicas looking for work start on different tenants', () => {
    const firsts = ['replica-a', 'replica-b', 'replica-c'].map((r) =>
      rendezvousOrder(r, tenants).slice(0, 10),
    );
    const overlap = firsts[0]!.filter((t) => firsts[1]!.includes(t) || firsts[2]!.includes(t));
    expect(overlap.length).toBeLessThan(5);
  });

  it('keeps the relative order of the others when a tenant is added or removed', () => {
    const order = rendezvousOrder('replica-a', tenants);
    expect(rendezvousOrder('replica-a', tenants.slice(1))).toEqual(order.filter((t) => t !== 'tenant-0'));
  });
});

describe('planShare', () => {
  const tenants = names(10);

  it('releases the surplus, the tenants this replica likes least', () => {
    const held = new Set(tenants.slice(0, 6));
    const plan = planShare({ replicaId: 'replica-a', tenants, held, unheld: new Set(), live: 3 });
    const leastLiked = rendezvousOrder('replica-a', held).reverse().slice(0, 2);
    expect(plan).toEqual({ share: 4, release: leastLiked, acquire: [], want: 0 });
  });

  it('tries only unheld tenants, best liked first, for the shortfall', () => {
    const held = new Set(['tenant-0']);
    const unheld = new Set(['tenant-5', 'tenant-6', 'tenant-7', 'tenant-8', 'tenant-9', 'tenant-0']);
    const plan = planShare({ replicaId: 'replica-b', tenants, held, unheld, live: 3 });
    expect(plan.share).toBe(4);
    expect(plan.want).toBe(3);
    expect(plan.acquire).toEqual(
      rendezvousOrder('replica-b', ['tenant-5', 'tenant-6', 'tenant-7', 'tenant-8', 'tenant-9']),
    );
  });

  it('does nothing at the share, and ignores held tenants that are no longer listed', () => {
    const held = new Set(['tenant-0', 'tenant-1', 'tenant-2', 'tenant-3', 'gone']);
    expect(planShare({ replicaId: 'r', tenants, held, unheld: new Set(['tenant-9']), live: 3 })).toEqual({
      share: 4,
      release: [],
      acquire: [],
      want: 0,
    });
  });

  it('lets three replicas that follow their plans end with every tenant held once and none above the share', () => {
    const replicas = ['replica-a', 'replica-b', 'replica-c'];
    const held = new Map(replicas.map((r) => [r, new Set<string>()]));
    for (let round = 0; round < 3; round++) {
      for (const r of replicas) {
        const taken = new Set([...held.values()].flatMap((s) => [...s]));
        const mine = held.get(r)!;
        const plan = planShare({
          replicaId: r,
          tenants,
          held: mine,
          unheld: new Set(tenants.filter((t) => !taken.has(t))),
          live: 3,
        });
        for (const t of plan.release) mine.delete(t);
        for (const t of plan.acquire.slice(0, plan.want)) mine.add(t);
      }
    }
    const counts = replicas.map((r) => held.get(r)!.size);
    expect(counts.reduce((a, b) => a + b)).toBe(10);
    expect(Math.max(...counts)).toBeLessThanOrEqual(4);
  });
});

describe('liveReplicas', () => {
  const now = Date.parse('2026-11-20T12:00:30Z');
  it('counts heartbeats younger than the lease period, by the service clock, and always itself', () => {
    const beats = [
      { replicaId: 'fresh', writtenAt: now - 1_000 },
      { replicaId: 'edge', writtenAt: now - 14_000 },
      { replicaId: 'stale', writtenAt: now - 15_000 },
      { replicaId: 'long-gone', writtenAt: now - 600_000 },
    ];
    expect(liveReplicas(beats, now, 15_000, 'self')).toEqual(['edge', 'fresh', 'self']);
  });
});

describe('checkTenantNames', () => {
  it('returns a good list as given', () => {
    expect(checkTenantNames(['contoso', 'fabrikam-eu', '0x'], 'X')).toEqual(['contoso', 'fabrikam-eu', '0x']);
  });

  it('names every bad and repeated entry at once', () => {
    expect(() => checkTenantNames(['Contoso', 'a/b', '', 'ok', 'ok', 'x'.repeat(33)], 'X')).toThrow(
      /X.setTenants refused: "Contoso" is not a tenant name.*"a\/b" is not.*"" is not.*"ok" is listed twice.*"x{33}" is not/,
    );
    expect(() => checkTenantNames('contoso' as unknown as string[], 'X')).toThrow(/expects an array/);
    expect(() => checkTenantNames([42 as unknown as string], 'X')).toThrow(/42 is not a tenant name/);
  });
});

describe('nextLook', () => {
  const NOW = 1_000_000;
  const base = { self: 'a', leaseMs: 60_000, renewEveryMs: 20_000, share: 2 };
  const listing = (
    beats: Array<[string, number]>,
    tenants: Array<[string, boolean, string | undefined]> = [],
  ) => ({
    serviceNow: NOW,
    beats: beats.map(([replicaId, age]) => ({ replicaId, writtenAt: NOW - age })),
    tenants: new Map(tenants.map(([t, leased, holder]) => [t, { leased, holder }])),
  });

  it('waits one renew period while every other heartbeat is fresh', () => {
    const l = listing([
      ['a', 0],
      ['b', 5_000],
      ['c', 19_000],
    ]);
    expect(nextLook({ ...base, listing: l, live: ['a', 'b', 'c'], short: false })).toBe(20_000);
  });

  it('looks when a live heartbeat would turn stale, if that comes before the next period (plus 1 s)', () => {
    // b last beat 45 s ago: stale 15 s from now; one more second for the timestamps' resolution.
    const l = listing([
      ['a', 0],
      ['b', 45_000],
    ]);
    expect(nextLook({ ...base, listing: l, live: ['a', 'b'], short: false })).toBe(16_000);
    // Its own heartbeat and stale ones (no longer live) do not count.
    const old = listing([
      ['a', 59_000],
      ['c', 70_000],
    ]);
    expect(nextLook({ ...base, listing: old, live: ['a'], short: false })).toBe(20_000);
  });

  it('looks every 2 s while below its share and a dead replica still leases some tenant', () => {
    const l = listing([['a', 0], ['b', 61_000]], [['t1', true, 'b'], ['t2', false, undefined], ['t3', true, 'a']]); // prettier-ignore
    expect(nextLook({ ...base, listing: l, live: ['a'], short: true })).toBe(2_000);
    // At its share, or with every leased tenant held by a live replica: the normal period.
    expect(nextLook({ ...base, listing: l, live: ['a'], short: false })).toBe(20_000);
    const held = listing(
      [['a', 0]],
      [
        ['t1', true, 'a'],
        ['t2', true, undefined],
      ],
    );
    expect(nextLook({ ...base, listing: held, live: ['a'], short: true })).toBe(20_000);
    // Never longer than the renew period, however short that is.
    expect(nextLook({ ...base, renewEveryMs: 300, listing: l, live: ['a'], short: true })).toBe(300);
  });

  it('looks every 2 s while below its share and a live replica holds more than the share (a join’s handover)', () => {
    const beats: Array<[string, number]> = [['a', 0], ['b', 1_000], ['c', 0]]; // prettier-ignore
    // c joined: share 2 of 6; b still holds 4 and gives 2 back at its next look.
    const over = listing(beats, [['t1', true, 'b'], ['t2', true, 'b'], ['t3', true, 'b'], ['t4', true, 'b'], ['t5', true, 'a'], ['t6', true, 'a']]); // prettier-ignore
    expect(nextLook({ ...base, self: 'c', listing: over, live: ['a', 'b', 'c'], short: true })).toBe(2_000);
    // At its share, it has no reason to hurry.
    expect(nextLook({ ...base, self: 'c', listing: over, live: ['a', 'b', 'c'], short: false })).toBe(20_000);
    // Nobody above the share: the normal period, though this replica is still below it (as it may stay
    // for good: 10 tenants over 3 replicas are held 4/4/2).
    const even = listing(beats, [['t1', true, 'a'], ['t2', true, 'a'], ['t3', true, 'b'], ['t4', true, 'b'], ['t5', true, 'c']]); // prettier-ignore
    expect(nextLook({ ...base, self: 'c', listing: even, live: ['a', 'b', 'c'], short: true })).toBe(20_000);
    // Its own holdings above the share are its own business (it gives them back itself).
    const mine = listing(beats, [
      ['t1', true, 'c'],
      ['t2', true, 'c'],
      ['t3', true, 'c'],
    ]);
    expect(nextLook({ ...base, self: 'c', listing: mine, live: ['a', 'b', 'c'], short: true })).toBe(20_000);
  });
});
