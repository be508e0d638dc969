import { randomUUID } from 'node:crypto';
import { badRequest, type RequestContext } from '../http';

/** Reads the query options, refusing duplicates and anything not in `allowed` (as Graph does). */
export function readOptions(query: URLSearchParams, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [rawKey, value] of query.entries()) {
    const key = rawKey.startsWith('$') ? rawKey.toLowerCase() : rawKey;
    if (!allowed.includes(key)) {
      const supported = allowed.length
        ? ` Supported here: ${allowed.join(', ')}.`
        : ' This resource takes no query options.';
      throw badRequest(`The query parameter '${rawKey}' is not supported.${supported}`);
    }
    if (out.has(key))
      throw badRequest(
        `Query option '${key}' was specified more than once, but it must be specified at most once.`,
      );
    out.set(key, value);
  }
  return out;
}

export function nonNegativeInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw badRequest(
      `Invalid value '${value}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`,
    );
  }
  return Number(value);
}

export function booleanOption(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value === 'true' || value === 'false') return value === 'true';
  throw badRequest(`Invalid value '${value}' for ${name} query option found. Use true or false.`);
}

export interface PageRequest {
  ctx: RequestContext;
  options: Map<string, string>;
  /** The entity set, e.g. `security/alerts_v2`. */
  entitySet: string;
  pageSize: number;
}

/**
 * One page of `items`: `$top` sets the page size (capped by the server's), `$skip` the offset, and
 * `@odata.nextLink` (absolute https) carries `$filter`, `$orderby`, `$top`, `$count`, `$expand` and the
 * next `$skip`.
 */
export function pageOf(items: readonly unknown[], p: PageRequest): Record<string, unknown> {
  const top = nonNegativeInt('$top', p.options.get('$top'));
  const skip = nonNegativeInt('$skip', p.options.get('$skip')) ?? 0;
  const count = booleanOption('$count', p.options.get('$count'));
  const size = Math.min(top ?? p.pageSize, p.pageSize);
  const body: Record<string, unknown> = {
    '@odata.context': `${p.ctx.baseUrl}/v1.0/$metadata#${p.entitySet}`,
  };
  if (count) body['@odata.count'] = items.length;
  if (p.ctx.emptyPage) {
    // A fault: nothing on this page, but the link resumes exactly here. The token keeps it distinct
    // from the request's own URL (clients refuse a nextLink that repeats).
    body.value = [];
    body['@odata.nextLink'] = nextLink(p, skip, `e${randomUUID().slice(0, 8)}`);
    return body;
  }
  body.value = items.slice(skip, skip + size);
  if (size > 0 && skip + size < items.length) body['@odata.nextLink'] = nextLink(p, skip + size);
  return body;
}

function nextLink(p: PageRequest, skip: number, skiptoken?: string): string {
  const keep = ['$filter', '$orderby', '$top', '$count', '$expand'];
  const parts: string[] = [];
  for (const k of keep) {
    const v = p.options.get(k);
    if (v !== undefined) parts.push(`${k}=${encodeURIComponent(v)}`);
  }
  parts.push(`$skip=${skip}`);
  if (skiptoken) parts.push(`$skiptoken=${skiptoken}`);
  return `${p.ctx.baseUrl}${p.ctx.path}?${parts.join('&')}`;
}
