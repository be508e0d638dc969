import { IDENTITY_KINDS, type IdentityKind } from './types';

/**
 * Identity kinds as small integers, strongest first (the explanation tie-break): the hot paths compare
 * numbers, not strings.
 */
export const K_AAD = 0;
export const K_UPN = 1;
export const K_MAILBOX = 2;
export const K_DEVICE = 3;
export const K_ACCOUNT = 4;

/** Key spaces: a UPN and a mailbox address are both `email:` so they match each other. */
export const S_AAD = 0;
export const S_EMAIL = 1;
export const S_DEVICE = 2;
export const S_ACCOUNT = 3;
export const SPACE_COUNT = 4;

/** Space of each kind code. */
export const SPACE_OF_KIND: readonly number[] = [S_AAD, S_EMAIL, S_EMAIL, S_DEVICE, S_ACCOUNT];
/** Key prefix of each space. */
export const SPACE_PREFIX: readonly string[] = ['aad:', 'email:', 'device:', 'account:'];

export function kindName(code: number): IdentityKind {
  return IDENTITY_KINDS[code] ?? 'account';
}

const KIND_CODES: Readonly<Record<string, number>> = {
  aadUserId: K_AAD,
  upn: K_UPN,
  mailbox: K_MAILBOX,
  device: K_DEVICE,
  account: K_ACCOUNT,
};

/** Rank of a kind name (0 = strongest); unknown names rank last. */
export function kindCode(kind: string): number {
  return KIND_CODES[kind] ?? K_ACCOUNT;
}

/** The match key of a kind and an already trimmed, lower-cased value. */
export function keyOf(kindCodeValue: number, normalized: string): string {
  return (SPACE_PREFIX[SPACE_OF_KIND[kindCodeValue] ?? S_ACCOUNT] ?? 'account:') + normalized;
}

/** The match key of an identity as Graph spelled it, e.g. `identityKey('upn', 'Alice@Contoso.com')`. */
export function identityKey(kind: IdentityKind, value: string): string {
  return keyOf(kindCode(kind), value.trim().toLowerCase());
}

/**
 * True for the 8-4-4-4-12 shape of an Entra object id (length and dashes only: this runs for every
 * identity of 200k alerts, and a non-hex id of that exact shape is harmless, it just never matches).
 */
export function isGuid(s: string): boolean {
  return (
    s.length === 36 &&
    s.charCodeAt(8) === 45 &&
    s.charCodeAt(13) === 45 &&
    s.charCodeAt(18) === 45 &&
    s.charCodeAt(23) === 45
  );
}

const ALIASES: Readonly<Record<string, string>> = {
  aad: 'aad:',
  aaduserid: 'aad:',
  email: 'email:',
  upn: 'email:',
  mailbox: 'email:',
  device: 'device:',
  account: 'account:',
};

/**
 * The match key for what an analyst typed (`/dlp alice@contoso.com`) or for a key in any accepted
 * spelling: a canonical key (`email:alice@contoso.com`), a kind-prefixed one (`upn:Alice@Contoso.com`,
 * `aadUserId:…`, `mailbox:…`), or a bare value: an address (`@`) is `email:`, a GUID is `aad:`,
 * `DOMAIN\name` is `account:`, anything else is a device name or id. Undefined for empty input.
 */
export function resolveIdentityKey(input: string): string | undefined {
  const text = typeof input === 'string' ? input.trim() : '';
  if (!text) return undefined;
  const colon = text.indexOf(':');
  if (colon > 0) {
    const prefix = ALIASES[text.slice(0, colon).toLowerCase()];
    const rest = text
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (prefix) return rest ? prefix + rest : undefined;
  }
  const value = text.toLowerCase();
  if (value.includes('@')) return 'email:' + value;
  if (isGuid(value)) return 'aad:' + value;
  if (value.includes('\\')) return 'account:' + value;
  return 'device:' + value;
}
