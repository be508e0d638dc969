import { z } from 'zod';
import type { Fault } from '../types';

const base = { match: z.string().min(1).optional(), count: z.number().int().positive().optional() };

/** Validates a Fault from the control API or a test (bad input gets a clear error). */
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('status'),
    status: z.union([
      z.literal(400),
      z.literal(401),
      z.literal(403),
      z.literal(404),
      z.literal(429),
      z.literal(500),
      z.literal(503),
      z.literal(504),
    ]),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  }),
  z.object({ ...base, kind: z.literal('latency'), ms: z.number().int().nonnegative().max(600_000) }),
  z.object({ ...base, kind: z.literal('drop') }),
  z.object({ ...base, kind: z.literal('emptyPageWithNextLink') }),
]);

interface Armed {
  fault: Fault;
  pattern: RegExp | undefined;
  left: number;
}

/** What the request context tells the fault queue. */
export interface FaultTarget {
  path: string;
  /** The route serves a paged collection (only those can get an empty page). */
  isList: boolean;
}

/** Injected faults, consumed in order by the requests they match. */
export class FaultQueue {
  private armed: Armed[] = [];

  /** Throws with a readable message when `fault` is malformed (including a bad regular expression). */
  inject(fault: Fault): void {
    const parsed = faultSchema.safeParse(fault);
    if (!parsed.success) {
      throw new Error(
        `Invalid fault: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'fault'}: ${i.message}`).join('; ')}`,
      );
    }
    let pattern: RegExp | undefined;
    try {
      pattern = fault.match === undefined ? undefined : new RegExp(fault.match);
    } catch (err) {
      throw new Error(`Invalid fault: match is not a regular expression (${(err as Error).message})`);
    }
    this.armed.push({ fault, pattern, left: fault.count ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first fault matching this request, consumed once; undefined when none applies. */
  take(target: FaultTarget): Fault | undefined {
    const hit = this.armed.find((a) => applies(a, target));
    if (!hit) return undefined;
    hit.left--;
    if (hit.left <= 0) this.armed = this.armed.filter((a) => a !== hit);
    return hit.fault;
  }
}

function applies(a: Armed, t: FaultTarget): boolean {
  if (a.fault.kind === 'emptyPageWithNextLink' && !t.isList) return false;
  return a.pattern ? a.pattern.test(t.path) : t.path.toLowerCase().startsWith('/v1.0/');
}
