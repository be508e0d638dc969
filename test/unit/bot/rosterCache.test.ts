import { FakeClock } from '../../helpers/clocks';
import { RosterCache, type KnownUser } from '../../../src/bot/rosterCache';

const MEGAN: KnownUser = { aadObjectId: 'a1', name: 'Megan Bowen', upn: 'megan@contoso.com' };

function cacheWith(over: Partial<ConstructorParameters<typeof RosterCache>[0]> = {}) {
  const clock = new FakeClock(Date.parse('2026-12-07T01:00:00Z'));
  return { clock, cache: new RosterCache({ now: () => clock.now(), ...over }) };
}

describe('RosterCache', () => {
  it('loads a user once and answers later lookups from memory until the TTL passes', async () => {
    const { clock, cache } = cacheWith({ ttlMs: 60_000 });
    const load = jest.fn(async () => MEGAN);
    for (let i = 0; i < 5; i += 1) expect(await cache.fetch('a1', load)).toEqual(MEGAN);
    expect(load).toHaveBeenCalledTimes(1);
    clock.advance(60_001);
    await cache.fetch('a1', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one load between concurrent lookups of the same user', async () => {
    const { cache } = cacheWith();
    let release!: (u: KnownUser) => void;
    const load = jest.fn(() => new Promise<KnownUser>((r) => (release = r)));
    const all = Promise.all([cache.fetch('a1', load), cache.fetch('a1', load), cache.fetch('a1', load)]);
    release(MEGAN);
    expect(await all).toEqual([MEGAN, MEGAN, MEGAN]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('remembers a failed lookup only for the shorter failure TTL, and a throwing loader counts as one', async () => {
    const { clock, cache } = cacheWith({ failureTtlMs: 10_000 });
    const load = jest.fn(async (): Promise<KnownUser | undefined> => {
      throw new Error('roster down');
    });
    expect(await cache.fetch('a1', load)).toBeUndefined();
    expect(await cache.fetch('a1', load)).toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.get('a1')).toEqual({ kind: 'failed' });
    clock.advance(10_001);
    expect(cache.get('a1')).toEqual({ kind: 'unknown' });
  });

  it('holds at most maxUsers, dropping the least recently used first', () => {
    const { cache } = cacheWith({ maxUsers: 2 });
    cache.set('a', { name: 'A' });
    cache.set('b', { name: 'B' });
    cache.get('a'); // a is now the most recently used
    cache.set('c', { name: 'C' });
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toEqual({ kind: 'unknown' });
    expect(cache.get('a').kind).toBe('user');
    expect(cache.get('c').kind).toBe('user');
  });

  it('allows readsPerWindow roster reads per conversation in a sliding window, each conversation on its own', () => {
    const { clock, cache } = cacheWith({ readsPerWindow: 2, windowMs: 60_000 });
    expect([cache.takeRead('c1'), cache.takeRead('c1'), cache.takeRead('c1')]).toEqual([true, true, false]);
    expect(cache.takeRead('c2')).toBe(true);
    clock.advance(60_001);
    expect(cache.takeRead('c1')).toBe(true);
  });

  it('never allows a roster read with a budget of 0', () => {
    const { cache } = cacheWith({ readsPerWindow: 0 });
    expect(cache.takeRead('c1')).toBe(false);
  });

  it('forgets the budgets of the least recently used conversations past maxConversations', () => {
    const { cache } = cacheWith({ readsPerWindow: 1, maxConversations: 2 });
    cache.takeRead('c1');
    cache.takeRead('c2');
    cache.takeRead('c3');
    // c1 was forgotten: a fresh budget (bounded memory matters more than one extra read).
    expect(cache.takeRead('c1')).toBe(true);
    expect(cache.takeRead('c3')).toBe(false);
  });
});
