/**
 * Input checks for values that end up in a Graph URL or a KQL query. Anything that fails is refused
 * before a request is sent, so a hostile value (from a card action, an alert, a chat message) can never
 * change the meaning of a request.
 */

/** An Entra object id (user, group, app). */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UPN or mail address: letters, digits and `. _ % + ' # ~ -` before the `@` (`#EXT#` guests, o'brien),
 * a dotted domain after it. No quotes, spaces, backslashes or brackets: those can only be an attack or junk.
 */
const UPN_PATTERN = /^[\p{L}\p{N}._%+'#~-]{1,128}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})+$/u;

/**
 * Alert ids Graph issues (`da637…_-96144`, `dl…`, GUIDs, provider ids with `:` or `=`). At least one letter
 * or digit: `.` and `..` would be resolved as path segments and reach another resource.
 */
const ALERT_ID_PATTERN = /^(?=.*[A-Za-z0-9])[\w.~:=+-]{1,256}$/;

/** ISO 8601 date-time with a zone, as Graph writes it (up to 7 fractional digits). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})$/;

const FULL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z$/;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID_PATTERN.test(value);
}

/**
 * A directory object id as callers have it: a GUID, or hex and dashes in another grouping (Agents
 * Playground's mock user is `00000000-0000-0000-0000-0000000000020`, and the simulator knows it). Only
 * characters that cannot change a URL path; Graph itself answers anything else with 400 or 404.
 */
export function isObjectIdLike(value: unknown): value is string {
  return typeof value === 'string' && /^(?=.*[0-9a-f])[0-9a-f-]{1,64}$/i.test(value);
}

export function isUpn(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 256 && UPN_PATTERN.test(value);
}

export function isAlertId(value: unknown): value is string {
  return typeof value === 'string' && ALERT_ID_PATTERN.test(value);
}

/**
 * Parses an ISO 8601 instant with an explicit zone. Returns epoch milliseconds, or undefined for
 * anything else (a date without a zone is ambiguous and refused).
 */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The `$filter` form of an instant. A full UTC value passes through untouched (Graph keeps 7 fractional digits,
 * and rounding could skip an alert); an offset is converted to UTC, because a raw `+` in a URL reads as a
 * space.
 */
export function filterInstant(value: string): string | undefined {
  const ms = parseInstant(value);
  if (ms === undefined) return undefined;
  return FULL_UTC.test(value) ? value : new Date(ms).toISOString();
}
