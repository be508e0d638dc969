import type { IncomingHttpHeaders } from 'node:http';
import type { TokenClaims } from './jwt';
import type { ThrottleBucket } from './throttle';

/** Everything a route handler sees of one request. */
export interface RequestContext {
  method: string;
  /** Path without the query string, as sent. */
  path: string;
  /** Decoded `{name}` segments of the route pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  requestId: string;
  clientRequestId: string;
  /** The verified token (Graph routes only). */
  claims?: TokenClaims;
  /** The tenant this request is for: the token's `tid` (Graph routes), or the tenant a token request names. */
  tenantId?: string;
  /** `Prefer: include-unknown-enum-members` was sent. */
  includeUnknownEnums: boolean;
  /** An `emptyPageWithNextLink` fault applies to this request. */
  emptyPage: boolean;
  /** `https://localhost:<port>`. */
  baseUrl: string;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `graph`: `/v1.0`, token required; `token`: the dev token endpoint; `control`: the loopback test API. */
export type RouteKind = 'graph' | 'token' | 'control';

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path with `{name}` parameters, e.g. `/v1.0/security/alerts_v2/{id}`. Static parts match case-insensitively. */
  pattern: string;
  kind: RouteKind;
  /** The token must carry at least one of these roles. */
  roles?: readonly string[];
  throttle?: ThrottleBucket;
  /** Serves a paged collection (eligible for the empty-page fault). */
  list?: boolean;
  handle(ctx: RequestContext): RouteResult | Promise<RouteResult>;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Routes whose pattern matches `path` (any method), with their parameters. */
export function matchPath(routes: readonly Route[], path: string): RouteMatch[] {
  const segments = path.split('/');
  const out: RouteMatch[] = [];
  for (const route of routes) {
    const params = matchPattern(route.pattern.split('/'), segments);
    if (params) out.push({ route, params });
  }
  return out;
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith('{') && p.endsWith('}')) {
      if (s === '') return undefined;
      try {
        params[p.slice(1, -1)] = decodeURIComponent(s);
      } catch {
        // A malformed %-escape cannot name anything that exists: treat the path as not matching.
        return undefined;
      }
    } else if (p.toLowerCase() !== s.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}

/** The first path segment no route knows, for Graph's "Resource not found for the segment" message. */
export function unknownSegment(routes: readonly Route[], path: string): string {
  const segments = path.split('/').filter((s) => s !== '');
  for (let depth = 1; depth <= segments.length; depth++) {
    const prefix = segments.slice(0, depth);
    const known = routes.some((r) => {
      const p = r.pattern.split('/').filter((s) => s !== '');
      return prefix.every(
        (seg, i) =>
          p[i] !== undefined && (p[i]?.startsWith('{') || p[i]?.toLowerCase() === seg.toLowerCase()),
      );
    });
    if (!known) return prefix[depth - 1] as string;
  }
  return segments[segments.length - 1] ?? '';
}
