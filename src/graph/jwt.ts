import { isRecord } from '../model';

/**
 * Reads the payload of a JWT without verifying it. Only for self-inspection of our own token (which roles
 * were granted); never for trusting a token someone else sent. Returns undefined when `token` is not a
 * three-part JWT with a JSON object payload.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(parts[1])) return undefined;
  const text = Buffer.from(parts[1], 'base64url').toString('utf8');
  try {
    const payload: unknown = JSON.parse(text);
    return isRecord(payload) ? payload : undefined;
  } catch (err) {
    // Not JSON: an opaque token that merely has two dots. Callers read this as "roles unknown".
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/**
 * The application permissions (`roles` claim) of an app-only token: undefined when the token is not a
 * JWT (roles unknown), `[]` when it is one without roles (nothing granted).
 */
export function rolesFromToken(token: string): string[] | undefined {
  const payload = decodeJwtPayload(token);
  if (!payload) return undefined;
  const roles = payload.roles;
  if (!Array.isArray(roles)) return [];
  return roles.filter((r): r is string => typeof r === 'string');
}
