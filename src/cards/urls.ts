/**
 * Links on cards come from alert data (`alertWebUrl`, `incidentWebUrl`), so a forged alert could point
 * analysts anywhere. Only https links to the Defender portal (or the one extra host a deployment allows,
 * e.g. the local simulator) are kept; anything else is dropped, never shown as a button.
 */

/** The Defender portal's host; its subdomains are accepted too. */
export const DEFENDER_PORTAL_HOST = 'security.microsoft.com';

/**
 * Returns the URL (normalised by the WHATWG parser) when it is https, has no credentials, and its host is
 * the Defender portal or `allowedHost` (exact, case-insensitive; may include a port, e.g. "localhost:8443");
 * otherwise undefined.
 */
export function safeLink(url: unknown, allowedHost?: string): string | undefined {
  if (typeof url !== 'string' || url.length === 0 || url.length > 2048) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: the link is simply not offered.
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return undefined;
  const host = parsed.hostname.toLowerCase();
  const portal = host === DEFENDER_PORTAL_HOST || host.endsWith(`.${DEFENDER_PORTAL_HOST}`);
  const allowed =
    allowedHost !== undefined &&
    allowedHost !== '' &&
    (parsed.host.toLowerCase() === allowedHost.toLowerCase() || host === allowedHost.toLowerCase());
  return portal || allowed ? parsed.href : undefined;
}

/** A Markdown link target must not contain characters that end the link early. */
export function markdownLinkTarget(href: string): string {
  return href.replace(/[()<> ]/g, (c) => encodeURIComponent(c));
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * A Defender link (already accepted by `safeLink`) that opens in the customer's tenant: `tid=<tenant id>`
 * set, or replaced when the link names another tenant. An MSSP analyst signed in to the provider's own
 * tenant otherwise lands in the wrong tenant (or on an access error): Microsoft's "Access an MSSP customer
 * tenant in Microsoft Defender XDR" (learn.microsoft.com/defender-endpoint/access-mssp-portal) gives the
 * tenant-specific portal URL as `https://security.microsoft.com/?tid=<customer tenant id>`.
 * The tenant id must be a GUID to replace a `tid` the link already has (Graph's `alertWebUrl` usually
 * carries the alert's own tenant GUID, which a domain must not overwrite); a verified domain is only set
 * where the link has none. `default` (no tenant id known) leaves the link as it is.
 */
export function withTenantId(href: string, tenantId: string | undefined): string {
  const id = tenantId?.trim() ?? '';
  const guid = GUID.test(id);
  if (!guid && !DOMAIN.test(id)) return href;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    // safeLink normalised it already; a link that is no URL is left for safeLink to drop.
    return href;
  }
  if (!guid && url.searchParams.has('tid')) return href;
  url.searchParams.set('tid', guid ? id.toLowerCase() : id);
  return url.href;
}

/** `safeLink` then `withTenantId`: a Defender link that passes the checks and opens in the right tenant. */
export function tenantLink(
  url: unknown,
  tenantId: string | undefined,
  allowedHost?: string,
): string | undefined {
  const safe = safeLink(url, allowedHost);
  return safe === undefined ? undefined : withTenantId(safe, tenantId);
}
