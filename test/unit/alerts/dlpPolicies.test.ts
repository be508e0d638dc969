import { DlpPolicyClassifier } from '../../../src/alerts';
import { silentLogger } from '../../../src/log';
import { MemoryStore } from '../../../src/store/memory';
import { SteppingClock } from '../../helpers/clocks';

function classifier(answers: Record<string, string[] | undefined | Error>, sensitivePolicies = ['HR Cases']) {
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
      return a;
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
});
