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
