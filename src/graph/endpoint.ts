import { ConfigError } from '../errors';

/** The parts of GRAPH_BASE_URL the Graph client needs. */
export interface GraphEndpoint {
  /** `https://host[:port]`. */
  origin: string;
  /** `v1.0` unless the URL ends in `/beta`. */
  version: string;
  /** Host name without port: the Graph client's `customHosts` entry. */
  hostname: string;
}

/**
 * Checks GRAPH_BASE_URL. It must be https (the Graph client attaches the token only to https URLs), must
 * not be an IPv6 literal (the client's host check cannot parse `[::1]` and would silently send no token),
 * and may end in `/v1.0` or `/beta`.
 */
export function parseBaseUrl(baseUrl: string): GraphEndpoint {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (err) {
    throw new ConfigError([
      { key: 'GRAPH_BASE_URL', message: `is not a URL: "${baseUrl}" (${String(err)})` },
    ]);
  }
  const problem =
    url.protocol !== 'https:'
      ? 'must be an https:// URL (the Graph client sends tokens only over https)'
      : url.hostname.startsWith('[')
        ? 'must name the host (e.g. https://localhost:4443), not an IPv6 literal, which the Graph client cannot match'
        : url.search || url.hash || url.username
          ? 'must not carry a query, fragment or credentials'
          : undefined;
  const path = url.pathname.replace(/\/+$/, '');
  const version = path === '' || path === '/v1.0' ? 'v1.0' : path === '/beta' ? 'beta' : undefined;
  const issues = problem ? [{ key: 'GRAPH_BASE_URL', message: problem }] : [];
  if (!version)
    issues.push({ key: 'GRAPH_BASE_URL', message: `path must be empty, /v1.0 or /beta, got "${path}"` });
  if (issues.length > 0 || !version) throw new ConfigError(issues);
  return { origin: url.origin, version, hostname: url.hostname };
}
