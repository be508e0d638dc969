import type { AlertPage, AlertPageQuery } from '../../../src/graph/alertPages';
import type { SecurityAlert } from '../../../src/model';
import { lookahead, timePages } from '../../../src/graph/timePaging';
import { compareStamps } from '../../../src/graph/stamp';
import { makeAlert } from '../../helpers/builders';
import { GraphError } from '../../../src/errors';
import type { UnreadSlice } from '../../../src/graph/timePaging';

/**
 * A listing over `alerts` that answers time-paging queries as Graph does (ge/gt/eq, asc, $top, $skip,
 * ANDed eq/ne clauses), with Graph's refusals: a `$skip` past the limit and an enum value it does not
 * know (`refuse`) or `ne` (`refuseNe`) are answered 400; `pageCap` serves fewer than `$top` per page, with a nextLink.
 */
function graphOver(
  alerts: SecurityAlert[],
  o: { maxSkip?: number; refuse?: readonly string[]; refuseNe?: boolean; pageCap?: number } = {},
) {
  const asc = [...alerts].sort(
    (a, b) => compareStamps(a.lastUpdateDateTime, b.lastUpdateDateTime) || (a.id < b.id ? -1 : 1),
  );
  const queries: AlertPageQuery[] = [];
  const refused = (message: string) =>
    new GraphError({ status: 400, graphCode: 'BadRequest', message: `400: ${message}` });
  const fetch = async (q: AlertPageQuery): Promise<AlertPage> => {
    queries.push(q);
    if ((q.skip ?? 0) > (o.maxSkip ?? 500)) throw refused('$skip past the limit');
    const clauses = (q.and ?? [])
      .flatMap((c) => c.split(' and '))
      .map((clause) => {
        const [, prop, op, value] = /^(\w+) (eq|ne) '(.*)'$/.exec(clause) ?? [];
        if (o.refuse?.includes(value as string)) throw refused(`'${value}' is not a valid enumeration`);
        if (o.refuseNe && op === 'ne') throw refused(`the operator 'ne' is not supported`);
        return { prop: prop as string, op, value };
      });
    const match = asc.filter((a) => {
      const c = compareStamps(a.lastUpdateDateTime, q.boundary);
      const time = q.op === 'ge' ? c >= 0 : q.op === 'gt' ? c > 0 : c === 0;
      const fields = a as unknown as Record<string, unknown>;
      return time && clauses.every((k) => (fields[k.prop] === k.value) === (k.op === 'eq'));
    });
    const skip = q.skip ?? 0;
    const value = match.slice(skip, skip + Math.min(q.top, o.pageCap ?? q.top));
    return {
      alerts: value,
      skipped: 0,
      received: value.length,
      hasNextLink: skip + value.length < match.length,
      count: q.count ? match.length : undefined,
    };
  };
  return { fetch, queries };
}

async function readAll(gen: AsyncGenerator<{ alerts: SecurityAlert[] }>): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const p of gen) for (const a of p.alerts) ids.add(a.id);
  return ids;
}

const at = (s: number) => new Date(Date.UTC(2026, 0, 5) + s * 1000).toISOString();

describe('timePages', () => {
  it('reads every alert oldest first, moving the boundary to the last item of each full page', async () => {
    const alerts = Array.from({ length: 25 }, (_, i) => makeAlert({ lastUpdateDateTime: at(i) }));
    const g = graphOver(alerts);
    const ids = await readAll(timePages(g.fetch, at(-1), { top: 10 }));
    expect(ids.size).toBe(25);
    expect(g.queries.map((q) => `${q.op} ${q.boundary}`)).toEqual([
      `ge ${at(-1)}`,
      `ge ${at(9)}`,
      `ge ${at(18)}`,
    ]);
  });

  it('splits an instant holding more than $skip can reach by serviceSource, then severity', async () => {
    const alerts = Array.from({ length: 90 }, (_, i) =>
      makeAlert({
        lastUpdateDateTime: at(5),
        serviceSource: i % 3 ? 'microsoftDefenderForEndpoint' : 'dataLossPrevention',
        severity: (['informational', 'low', 'medium', 'high', 'unknown'] as const)[i % 5],
      }),
    );
    alerts.push(makeAlert({ lastUpdateDateTime: at(6) }));
    const g = graphOver(alerts, { maxSkip: 10 });
    const overflow = jest.fn();
    const ids = await readAll(timePages(g.fetch, at(0), { top: 10, maxSkip: 10, onOverflow: overflow }));
    expect(ids.size).toBe(91);
    expect(overflow).not.toHaveBeenCalled();
    expect(g.queries.every((q) => (q.skip ?? 0) <= 10)).toBe(true);
    expect(g.queries.some((q) => (q.and ?? []).some((c) => c.startsWith('severity')))).toBe(true);
  });

  it('reports an instant no split can page through instead of looping', async () => {
    const alerts = Array.from({ length: 40 }, () =>
      makeAlert({ lastUpdateDateTime: at(5), severity: 'low' }),
    );
    const g = graphOver(alerts, { maxSkip: 0 });
    const overflow = jest.fn();
    await readAll(timePages(g.fetch, at(0), { top: 10, maxSkip: 0, onOverflow: overflow }));
    expect(overflow).toHaveBeenCalled();
  });

  it('reads an instant filled by a serviceSource we do not know through the split of every other value', async () => {
    const alerts = Array.from({ length: 60 }, (_, i) =>
      makeAlert({
        lastUpdateDateTime: at(5),
        serviceSource: i < 45 ? 'microsoftBrandNewProduct' : 'dataLossPrevention',
        severity: (['informational', 'low', 'medium', 'high', 'unknown'] as const)[i % 5],
      }),
    );
    const g = graphOver(alerts, { maxSkip: 10 });
    const overflow = jest.fn();
    const ids = await readAll(timePages(g.fetch, at(0), { top: 10, maxSkip: 10, onOverflow: overflow }));
    expect(ids.size).toBe(60);
    expect(overflow).not.toHaveBeenCalled();
    const other = g.queries.find((q) =>
      (q.and ?? []).some((c) => c.includes("serviceSource ne 'dataLossPrevention'")),
    );
    expect(other).toBeDefined();
  });

  it('says exactly what one unknown-valued split held beyond $skip, and goes on past the instant', async () => {
    const alerts = Array.from({ length: 40 }, () =>
      makeAlert({ lastUpdateDateTime: at(5), serviceSource: 'microsoftBrandNewProduct', severity: 'low' }),
    );
    alerts.push(makeAlert({ lastUpdateDateTime: at(6) }));
    const g = graphOver(alerts, { maxSkip: 10 });
    const slices: UnreadSlice[] = [];
    const ids = await readAll(
      timePages(g.fetch, at(0), { top: 10, maxSkip: 10, onOverflow: (s) => slices.push(s) }),
    );
    expect(ids.size).toBe(21); // 20 of the instant ($skip 0 and 10) and the alert after it
    expect(slices).toEqual([
      {
        instant: at(5),
        filter: [
          expect.stringMatching(
            /^serviceSource ne 'unknown' and .* and serviceSource ne 'microsoftSecurityForAI'$/,
          ),
          "severity eq 'low'",
        ],
        matching: 40,
        read: 20,
        reason: 'pastSkipLimit',
      },
    ]);
  });

  it('leaves a known value Graph refuses out of the other-values split, and reports a refused split instead of throwing', async () => {
    const alerts = Array.from({ length: 30 }, (_, i) =>
      makeAlert({
        lastUpdateDateTime: at(5),
        serviceSource: i % 2 ? 'microsoftBrandNewProduct' : 'dataLossPrevention',
      }),
    );
    const g = graphOver(alerts, { maxSkip: 10, refuse: ['microsoftSecurityForAI'] });
    const ids = await readAll(timePages(g.fetch, at(0), { top: 10, maxSkip: 10 }));
    expect(ids.size).toBe(30);
    const others = g.queries.filter((q) => (q.and ?? []).some((c) => c.includes(' ne ')));
    expect(others.every((q) => !q.and!.join().includes('microsoftSecurityForAI'))).toBe(true);

    const slices: UnreadSlice[] = [];
    const strict = graphOver(alerts, { maxSkip: 10, refuseNe: true });
    await readAll(
      timePages(strict.fetch, at(0), { top: 10, maxSkip: 10, onOverflow: (s) => slices.push(s) }),
    );
    expect(slices).toEqual([
      expect.objectContaining({ instant: at(5), read: 0, matching: undefined, reason: 'filterRefused' }),
    ]);
  });

  it('moves $skip by what a page held when Graph serves fewer than $top inside an instant', async () => {
    const alerts = Array.from({ length: 12 }, () => makeAlert({ lastUpdateDateTime: at(5) }));
    const g = graphOver(alerts, { pageCap: 4 });
    const ids = await readAll(timePages(g.fetch, at(5), { top: 10 }));
    expect(ids.size).toBe(12);
    expect(g.queries.filter((q) => q.op === 'eq').map((q) => q.skip)).toEqual([0, 4, 8]);
  });

  it('starts after the instant with startOp gt', async () => {
    const alerts = [makeAlert({ lastUpdateDateTime: at(1) }), makeAlert({ lastUpdateDateTime: at(2) })];
    const g = graphOver(alerts);
    const ids = await readAll(timePages(g.fetch, at(1), { top: 10, startOp: 'gt' }));
    expect([...ids]).toEqual([alerts[1]!.id]);
  });

  it('ends a listing whose empty pages keep promising more after a bounded number of asks', async () => {
    const fetch = jest.fn(async (): Promise<AlertPage> => ({
      alerts: [],
      skipped: 0,
      received: 0,
      hasNextLink: true,
    }));
    await readAll(timePages(fetch, at(0), { top: 10, emptyRetries: 2 }));
    expect(fetch).toHaveBeenCalledTimes(3);
  });
});

describe('lookahead', () => {
  it('asks for the next item while the consumer still works on the current one, and no further', async () => {
    const log: string[] = [];
    async function* source() {
      for (let i = 0; i < 3; i++) {
        log.push(`fetch ${i}`);
        yield i;
      }
    }
    for await (const i of lookahead(source())) {
      await new Promise((r) => setImmediate(r));
      log.push(`use ${i}`);
    }
    expect(log).toEqual(['fetch 0', 'fetch 1', 'use 0', 'fetch 2', 'use 1', 'use 2']);
  });

  it('rethrows a failed prefetch when the consumer reaches it', async () => {
    async function* source() {
      yield 1;
      throw new Error('page 2 failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const i of lookahead(source())) seen.push(i);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
  });
});
