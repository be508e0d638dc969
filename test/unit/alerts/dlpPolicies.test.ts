import { DlpPolicyClassifier } from '../../../src/alerts';
import type { DlpLookup } from '../../../src/alerts/dlpPolicies';
import { silentLogger } from '../../../src/log';
import { MemoryStore } from '../../../src/store/memory';
import { SteppingClock } from '../../helpers/clocks';

type Answer = string[] | DlpLookup | undefined | Error;

function classifier(answers: Record<string, Answer>, sensitivePolicies = ['HR Cases']) {
  const store = new MemoryStore();
  const clock = new SteppingClock();
  const calls: string[] = [];
  const c = new DlpPolicyClassifier({
    store,
    clock,
    logger: silentLogger(),
    sensitivePolicies,
    retryMs: 60_000,
    lookup: async (id) => {
      calls.push(id);
      const a = answers[id];
      if (a instanceof Error) throw a;
      return Array.isArray(a) ? { names: a } : a;
    },
  });
  return { c, calls, clock, answers };
}

describe('DlpPolicyClassifier', () => {
  it('marks a correlation sensitive when one DLP alert matched a sensitive policy', async () => {
    const { c } = classifier({ a: ['U.S. Financial Data'], b: ['hr cases'] });
    expect(await c.sensitivity(['a'])).toBe('normal');
    expect(await c.sensitivity(['a', 'b'])).toBe('sensitive');
  });

  it('looks each DLP alert up once (the hunting quota), from the store afterwards', async () => {
    const { c, calls } = classifier({ a: ['U.S. Financial Data'] });
    await c.sensitivity(['a']);
    await c.sensitivity(['a']);
    expect(calls).toEqual(['a']);
  });

  it('fails safe while a policy cannot be determined, and asks again only after the retry delay', async () => {
    const { c, calls, clock, answers } = classifier({ a: new Error('429 throttled'), b: undefined });
    expect(await c.sensitivity(['a'])).toBe('undetermined');
    expect(await c.sensitivity(['b'])).toBe('undetermined');
    expect(await c.sensitivity(['a'])).toBe('undetermined');
    expect(calls).toEqual(['a', 'b']);
    answers.a = ['Legal'];
    clock.advance(60_000);
    expect(await c.sensitivity(['a'])).toBe('normal');
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('asks nothing when the operator marked no policy sensitive', async () => {
    const { c, calls } = classifier({}, []);
    expect(await c.sensitivity(['a'])).toBe('normal');
    expect(calls).toEqual([]);
  });

  describe('workloads', () => {
    it('takes the workload from the evidence without a query', async () => {
      const { c, calls } = classifier({}, []);
      const r = await c.classify([{ id: 'a', workloads: ['Exchange'] }], { huntWorkloads: true });
      expect(r.workloads).toEqual({ known: ['Exchange'], undetermined: false });
      expect(calls).toEqual([]);
    });

    it('hunts for a workload the evidence does not tell, in the same lookup as the policy names, once', async () => {
      const { c, calls } = classifier({ a: { names: ['HR Cases'], workloads: ['SharePoint'] } });
      const first = await c.classify([{ id: 'a' }], { huntWorkloads: true });
      expect(first).toEqual({
        sensitivity: 'sensitive',
        workloads: { known: ['SharePoint'], undetermined: false },
      });
      await c.classify([{ id: 'a' }], { huntWorkloads: true });
      expect(await c.sensitivity(['a'])).toBe('sensitive');
      expect(calls).toEqual(['a']);
    });

    it('spends no query on workloads while no workloads= rule exists', async () => {
      const { c, calls } = classifier({ a: { workloads: ['Teams'] } }, []);
      const r = await c.classify([{ id: 'a' }], { huntWorkloads: false });
      expect(r.workloads).toEqual({ known: [], undetermined: true });
      expect(calls).toEqual([]);
    });

    it('keeps an undetermined workload undetermined until the retry delay, then asks again', async () => {
      const { c, calls, clock, answers } = classifier({ a: new Error('429 quota') }, []);
      const o = { huntWorkloads: true };
      expect((await c.classify([{ id: 'a' }, { id: 'b', workloads: ['Exchange'] }], o)).workloads).toEqual({
        known: ['Exchange'],
        undetermined: true,
      });
      await c.classify([{ id: 'a' }], o);
      expect(calls).toEqual(['a']);
      answers.a = { workloads: ['Endpoint'] };
      clock.advance(60_000);
      expect((await c.classify([{ id: 'a' }], o)).workloads.known).toEqual(['Endpoint']);
      expect(calls).toEqual(['a', 'a']);
    });

    it('reads the cache only when asked to (a card action redraws without a query)', async () => {
      const { c, calls } = classifier({ a: { workloads: ['Teams'] } }, []);
      const cached = await c.classify([{ id: 'a' }], { huntWorkloads: true, cachedOnly: true });
      expect(cached.workloads.undetermined).toBe(true);
      expect(calls).toEqual([]);
      await c.classify([{ id: 'a' }], { huntWorkloads: true });
      expect((await c.classify([{ id: 'a' }], { cachedOnly: true })).workloads.known).toEqual(['Teams']);
      expect(calls).toEqual(['a']);
    });
  });
});
