/**
 * What the product no longer does, kept to show the simulator's misbehaviours are real: alerts_v2 in
 * Graph's default order, following every `@odata.nextLink` (the way a listing loses alerts past a
 * stall, or fails for good on a `$skip` past the limit).
 */
import type { Simulator } from '../../../simulator';
import { call, PREFER } from '../simulator/helpers';

/** Alerts read by a nextLink walk of `lastUpdateDateTime gt since`, and the last status answered. */
export async function nextLinkListing(
  sim: Simulator,
  since: string,
): Promise<{ read: number; status: number }> {
  let path: string | undefined =
    `/v1.0/security/alerts_v2?$filter=${encodeURIComponent(`lastUpdateDateTime gt ${since}`)}`;
  let read = 0;
  while (path !== undefined) {
    const answer = await call(sim, path, { headers: PREFER });
    if (answer.status !== 200) return { read, status: answer.status };
    read += (answer.body.value as unknown[]).length;
    const next = answer.body['@odata.nextLink'] as string | undefined;
    path = next === undefined ? undefined : `${new URL(next).pathname}${new URL(next).search}`;
  }
  return { read, status: 200 };
}
