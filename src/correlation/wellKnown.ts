/**
 * Accounts that are no person and so never a correlation key: Windows' built-in service principals, the
 * per-session desktop accounts and machine accounts. Graph's own alerts_v2 list example carries a
 * `processEvidence.userAccount` of `NT AUTHORITY\SYSTEM` (userSid `S-1-5-18`); every endpoint alert on a
 * device can, so matching on it would tie every device's alerts together.
 *
 * Keyed on the SID where Graph sends one (it is the same in every Windows language), and otherwise on the
 * account name, case-insensitively, because Graph passes on the name as the device spelled it: German
 * Windows says `NT-AUTORITÄT\SYSTEM` and `NT-AUTORITÄT\LOKALER DIENST`. The domain is not compared for
 * that reason. SIDs: Microsoft Learn, "Well-known SIDs" (S-1-5-18 LocalSystem, S-1-5-19 LocalService,
 * S-1-5-20 NetworkService, S-1-5-80 NT SERVICE\*, S-1-5-82 IIS APPPOOL\*, S-1-5-90-0-n Window
 * Manager\DWM-n, S-1-5-96-0-n Font Driver Host\UMFD-n).
 *
 * These run for every account of every alert (the correlation hot path): no allocation, no lower-casing
 * copy; letters are folded while comparing.
 */

/** Exact well-known SIDs (lower case: compared folded). S-1-5-7 is ANONYMOUS LOGON. */
const SIDS = ['s-1-5-7', 's-1-5-18', 's-1-5-19', 's-1-5-20'];
/** SID prefixes whose every member is a service or session account, never a person. */
const SID_PREFIXES = ['s-1-5-80-', 's-1-5-82-', 's-1-5-90-', 's-1-5-96-'];

/**
 * Names of the built-in service accounts, lower case, in the Windows languages SOCs report most (en, de,
 * fr, es). The spaceless spellings are how some tools write them (`LocalService`).
 */
const NAMES = [
  'system',
  'local service',
  'localservice',
  'network service',
  'networkservice',
  'lokaler dienst',
  'netzwerkdienst',
  'service local',
  'service réseau',
  'servicio local',
  'servicio de red',
  'anonymous logon',
];
/**
 * Per-session accounts (`Window Manager\DWM-3`, `Font Driver Host\UMFD-0`), and SYSTEM qualified by the
 * service acting as it, as Exchange writes it: `NT AUTHORITY\SYSTEM (Microsoft.Exchange.ServiceHost)`
 * (elastic/detection-rules#3702 and #4648 had to exclude these spellings one by one).
 */
const NAME_PREFIXES = ['dwm-', 'umfd-', 'system ('];

/** ASCII and Latin-1 upper case folded to lower case (enough for the names above). */
function fold(c: number): number {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : c;
}

/** True when `s` starts with `lower` (lower case), ignoring case; `whole`: and has no more characters. */
function matchesFolded(s: string, lower: string, whole: boolean): boolean {
  if (whole ? s.length !== lower.length : s.length < lower.length) return false;
  for (let i = 0; i < lower.length; i++) if (fold(s.charCodeAt(i)) !== lower.charCodeAt(i)) return false;
  return true;
}

/** True for the SID of a built-in service, session or desktop account. */
export function isWellKnownSid(sid: string): boolean {
  if (sid.length < 7 || fold(sid.charCodeAt(0)) !== 115 /* s */) return false;
  for (let i = 0; i < SIDS.length; i++) if (matchesFolded(sid, SIDS[i] as string, true)) return true;
  for (let i = 0; i < SID_PREFIXES.length; i++) {
    if (matchesFolded(sid, SID_PREFIXES[i] as string, false)) return true;
  }
  return false;
}

/**
 * True for an account name that is no person: a built-in service account (any casing, the languages in
 * `NAMES`), a `DWM-n` / `UMFD-n` session account, or a machine account (`name$`, how Active Directory names
 * a computer's own account).
 */
export function isWellKnownAccountName(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  if (name.charCodeAt(n - 1) === 36 /* $ */) return true;
  for (let i = 0; i < NAMES.length; i++) if (matchesFolded(name, NAMES[i] as string, true)) return true;
  for (let i = 0; i < NAME_PREFIXES.length; i++) {
    if (matchesFolded(name, NAME_PREFIXES[i] as string, false)) return true;
  }
  return false;
}

/**
 * True when a UPN or address names a machine account (`host$@contoso.com`): its local part ends in `$`.
 * Built-in service accounts have no UPN at all.
 */
export function isMachineAddress(address: string): boolean {
  const at = address.indexOf('@');
  return at > 0 && address.charCodeAt(at - 1) === 36;
}
