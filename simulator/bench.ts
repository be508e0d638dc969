/**
 * Benchmark-ready measurements of the simulator itself (timings are reported, never asserted: claims
 * about speed belong in bench/). `clock` is injectable so a caller can use its own time source.
 */
import { isDlpAlert } from '../src/model';
import { generateAlerts } from './scenario';
import type { Simulator } from './types';

/** What one scenario generation produced and how long it took. */
export interface GenerationMeasure {
  scenario: string;
  alerts: number;
  defender: number;
  dlp: number;
  huntingRows: number;
  users: number;
  /** Wall time of `generateAlerts`, ms. */
  ms: number;
  /** Heap in use after generation, MB (includes whatever the caller holds). */
  heapUsedMB: number;
}

export function measureGeneration(
  scenario: string,
  o: { seed?: number; now?: number; clock?: () => number } = {},
): GenerationMeasure {
  const clock = o.clock ?? (() => performance.now());
  const start = clock();
  const data = generateAlerts(scenario, o.seed ?? 42, o.now ?? Date.now());
  const ms = clock() - start;
  const dlp = data.alerts.filter((a) => isDlpAlert(a)).length;
  return {
    scenario,
    alerts: data.alerts.length,
    defender: data.alerts.length - dlp,
    dlp,
    huntingRows: data.hunting.DataSecurityEvents.length + data.hunting.CloudAppEvents.length,
    users: data.directory.users.length,
    ms,
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  };
}

/** What paging through `/security/alerts_v2` over HTTPS cost. */
export interface ListingMeasure {
  pages: number;
  alerts: number;
  /** Wall time of the whole listing, ms. */
  ms: number;
}

/**
 * Lists every alert through `@odata.nextLink` with fetch (as a poller does), optionally with a
 * `$filter`. Needs the simulator's certificate trusted (NODE_EXTRA_CA_CERTS).
 */
export async function measureListing(
  sim: Simulator,
  o: { filter?: string; top?: number; clock?: () => number } = {},
): Promise<ListingMeasure> {
  const clock = o.clock ?? (() => performance.now());
  const headers = { authorization: `Bearer ${sim.issueToken()}`, prefer: 'include-unknown-enum-members' };
  const query = [o.filter ? `$filter=${encodeURIComponent(o.filter)}` : '', o.top ? `$top=${o.top}` : '']
    .filter(Boolean)
    .join('&');
  let url: string | undefined = `${sim.url}/v1.0/security/alerts_v2${query ? `?${query}` : ''}`;
  let pages = 0;
  let alerts = 0;
  const start = clock();
  while (url) {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`measureListing: ${url} answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { value: unknown[]; '@odata.nextLink'?: string };
    pages++;
    alerts += body.value.length;
    url = body['@odata.nextLink'];
  }
  return { pages, alerts, ms: clock() - start };
}
