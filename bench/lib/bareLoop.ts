/**
 * The floor the ingestion benchmarks compare with: download and `JSON.parse` every page, nothing else,
 * requesting exactly the URLs the product requests (the same time-boundary paging: filter, order, `$top`,
 * `$count`), so that the two sides read the same pages. The boundary logic itself is the product's
 * (`timePages`); it costs nothing next to a page's download and parse.
 */
import { alertPageUrl, type AlertPage, type AlertPageQuery } from '../../src/graph/alertPages';
import type { SecurityAlert } from '../../src/model';
import { timePages } from '../../src/graph/timePaging';
import { progress } from './types';

export interface BareLoopResult {
  ms: number;
  pages: number;
  alerts: number;
}

/** A dev token from the simulator's token endpoint. */
export async function devToken(simUrl: string): Promise<string> {
  const res = await fetch(`${simUrl}/_sim/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`the simulator refused a token: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * One GET, repeated once when the connection fails before an answer (a keep-alive socket the simulator
 * closed while the service run held the event loop): what the Graph client does too.
 */
async function getOnce(name: string, url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers });
  } catch (err) {
    progress(name, `bare loop: ${String((err as Error).cause ?? err)}; repeating the GET once`);
    return fetch(url, { headers });
  }
}

/** Every page changed since `since`, by the product's paging, with fetch + JSON.parse only. */
export async function bareLoop(
  name: string,
  simUrl: string,
  token: string,
  since: string,
  top: number,
): Promise<BareLoopResult> {
  const headers = { authorization: `Bearer ${token}`, prefer: 'include-unknown-enum-members' };
  const fetchPage = async (q: AlertPageQuery): Promise<AlertPage> => {
    const res = await getOnce(name, `${simUrl}/v1.0${alertPageUrl(q)}`, headers);
    if (!res.ok) throw new Error(`bare loop: ${res.status} for ${alertPageUrl(q)}`);
    const body = JSON.parse(await res.text()) as { value: SecurityAlert[]; '@odata.nextLink'?: string; '@odata.count'?: number }; // prettier-ignore
    const value = body.value;
    return { alerts: value, skipped: 0, received: value.length, hasNextLink: Boolean(body['@odata.nextLink']), count: body['@odata.count'] }; // prettier-ignore
  };
  const t0 = performance.now();
  let pages = 0;
  let alerts = 0;
  for await (const page of timePages(fetchPage, since, { top })) {
    pages++;
    alerts += page.alerts.length;
  }
  return { ms: performance.now() - t0, pages, alerts };
}
