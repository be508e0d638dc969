import * as keys from './keys';

// Module-local copies: tsx (esbuild's CommonJS output) reads imported bindings through getter functions,
// which showed in the engine's profile; these run for every evidence entry of every alert.
const K_AAD = keys.K_AAD;
const K_UPN = keys.K_UPN;
const K_MAILBOX = keys.K_MAILBOX;
const K_DEVICE = keys.K_DEVICE;
const K_ACCOUNT = keys.K_ACCOUNT;
const isGuid = keys.isGuid;

/**
 * The evidence walker: finds every identity an alert's evidence names, with direct property access and no
 * allocation besides `domain\name` strings. It writes into a reusable `RawIdentities` buffer that both the
 * batch path and the tracked-alert path read. Any field may be missing or of the wrong type: such values
 * are skipped, never thrown on. Values are trimmed, not yet lower-cased.
 */

/** Longest value accepted as an identity (an SMTP address is at most 320 characters). */
const MAX_LEN = 320;

/**
 * Parallel arrays reused from alert to alert; `n` entries are valid. An `account` keeps its name in
 * `values` and its domain in `domains` (joining them would allocate a string per account per alert).
 */
export class RawIdentities {
  kinds: number[] = [];
  values: string[] = [];
  domains: string[] = [];
  violator: boolean[] = [];
  n = 0;

  push(kind: number, value: string, violator: boolean, domain = ''): void {
    const n = this.n;
    this.kinds[n] = kind;
    this.values[n] = value;
    this.domains[n] = domain;
    this.violator[n] = violator;
    this.n = n + 1;
  }

  /** Entry `r` as shown on cards: the value, or `domain\\name` for an account. */
  display(r: number): string {
    const value = this.values[r] as string;
    return this.kinds[r] === K_ACCOUNT ? (this.domains[r] as string) + '\\' + value : value;
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null;
}

function clean(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_LEN) return undefined;
  const c0 = v.charCodeAt(0);
  const cn = v.charCodeAt(v.length - 1);
  const t = c0 <= 32 || cn <= 32 ? v.trim() : v;
  return t.length > 0 ? t : undefined;
}

function addEmail(out: RawIdentities, kind: number, v: unknown, violator: boolean): void {
  const s = clean(v);
  if (s !== undefined && s.indexOf('@') > 0) out.push(kind, s, violator);
}

function addAccount(out: RawIdentities, name: unknown, domain: unknown, violator: boolean): void {
  const n = clean(name);
  const d = n === undefined ? undefined : clean(domain);
  if (n !== undefined && d !== undefined) out.push(K_ACCOUNT, n, violator, d);
}

function addDeviceId(out: RawIdentities, v: unknown, violator: boolean): void {
  const s = clean(v);
  if (s !== undefined) out.push(K_DEVICE, s, violator);
}

/** `userAccount`: Entra object id, UPN and on-prem `domain\name`. */
function addUserAccount(out: RawIdentities, ua: unknown, violator: boolean): void {
  if (!isObj(ua)) return;
  const aad = clean(ua.azureAdUserId);
  if (aad !== undefined && isGuid(aad)) out.push(K_AAD, aad, violator);
  addEmail(out, K_UPN, ua.userPrincipalName, violator);
  addAccount(out, ua.accountName, ua.domainName, violator);
}

/** A deviceEvidence (also `hostLogonSessionEvidence.host`). */
function addDevice(out: RawIdentities, dev: unknown, violator: boolean): void {
  if (!isObj(dev)) return;
  addDeviceId(out, dev.mdeDeviceId, violator);
  addDeviceId(out, dev.azureAdDeviceId, violator);
  addDeviceId(out, dev.deviceDnsName, violator);
  const users = dev.loggedOnUsers;
  if (Array.isArray(users)) {
    for (let i = 0; i < users.length; i++) {
      const u: unknown = users[i];
      if (isObj(u)) addAccount(out, u.accountName, u.domainName, violator);
    }
  }
}

/** An `emailSender` ({emailAddress, displayName, domainName}) or, as some payloads have it, a plain string. */
function addSender(out: RawIdentities, v: unknown, violator: boolean): void {
  addEmail(out, K_MAILBOX, isObj(v) ? v.emailAddress : v, violator);
}

function addRecipients(out: RawIdentities, v: unknown, violator: boolean): void {
  if (!Array.isArray(v)) return;
  for (let i = 0; i < v.length; i++) addSender(out, v[i], violator);
}

function hasViolatorRole(roles: unknown): boolean {
  if (!Array.isArray(roles)) return false;
  for (let i = 0; i < roles.length; i++) if (roles[i] === 'policyViolator') return true;
  return false;
}

const E_USER = 1;
const E_MAILBOX = 2;
const E_DEVICE = 3;
const E_PROCESS = 4;
const E_FILE = 5;
const E_CLOUD_LOGON = 6;
const E_HOST_LOGON = 7;
const E_MESSAGE = 8;
const E_TEAMS = 9;
const E_MAILBOX_CONFIG = 10;

const SHORT_CODES: Readonly<Record<string, number>> = {
  userEvidence: E_USER,
  mailboxEvidence: E_MAILBOX,
  deviceEvidence: E_DEVICE,
  processEvidence: E_PROCESS,
  fileEvidence: E_FILE,
  cloudLogonSessionEvidence: E_CLOUD_LOGON,
  hostLogonSessionEvidence: E_HOST_LOGON,
  analyzedMessageEvidence: E_MESSAGE,
  teamsMessageEvidence: E_TEAMS,
  mailboxConfigurationEvidence: E_MAILBOX_CONFIG,
};

/**
 * The evidence kind of an `@odata.type`. Graph always sends the full `#microsoft.graph.security.<name>`,
 * matched without slicing; any other spelling (no `#`, another namespace) takes the slow path.
 */
function evidenceCode(type: string): number {
  switch (type) {
    case '#microsoft.graph.security.userEvidence':
      return E_USER;
    case '#microsoft.graph.security.deviceEvidence':
      return E_DEVICE;
    case '#microsoft.graph.security.fileEvidence':
      return E_FILE;
    case '#microsoft.graph.security.processEvidence':
      return E_PROCESS;
    case '#microsoft.graph.security.mailboxEvidence':
      return E_MAILBOX;
    case '#microsoft.graph.security.analyzedMessageEvidence':
      return E_MESSAGE;
    case '#microsoft.graph.security.cloudLogonSessionEvidence':
      return E_CLOUD_LOGON;
    case '#microsoft.graph.security.hostLogonSessionEvidence':
      return E_HOST_LOGON;
    case '#microsoft.graph.security.teamsMessageEvidence':
      return E_TEAMS;
    case '#microsoft.graph.security.mailboxConfigurationEvidence':
      return E_MAILBOX_CONFIG;
    // Common kinds that name no identity: answered here, not by the slicing slow path below.
    case '#microsoft.graph.security.ipEvidence':
    case '#microsoft.graph.security.urlEvidence':
    case '#microsoft.graph.security.cloudApplicationEvidence':
    case '#microsoft.graph.security.registryKeyEvidence':
    case '#microsoft.graph.security.registryValueEvidence':
    case '#microsoft.graph.security.oauthApplicationEvidence':
    case '#microsoft.graph.security.securityGroupEvidence':
    case '#microsoft.graph.security.blobEvidence':
    case '#microsoft.graph.security.blobContainerEvidence':
    case '#microsoft.graph.security.azureResourceEvidence':
    case '#microsoft.graph.security.malwareEvidence':
      return 0;
    default:
      return SHORT_CODES[type.slice(type.lastIndexOf('.') + 1).replace('#', '')] ?? 0;
  }
}

function visit(out: RawIdentities, code: number, ev: Obj, v: boolean): void {
  switch (code) {
    case E_USER:
      return addUserAccount(out, ev.userAccount, v);
    case E_MAILBOX:
      addEmail(out, K_UPN, ev.upn, v);
      addEmail(out, K_MAILBOX, ev.primaryAddress, v);
      return addUserAccount(out, ev.userAccount, v);
    case E_DEVICE:
      return addDevice(out, ev, v);
    case E_PROCESS:
      addUserAccount(out, ev.userAccount, v);
      return addDeviceId(out, ev.mdeDeviceId, v);
    case E_FILE:
      return addDeviceId(out, ev.mdeDeviceId, v);
    case E_CLOUD_LOGON:
      return addUserAccount(out, isObj(ev.account) ? ev.account.userAccount : undefined, v);
    case E_HOST_LOGON:
      addUserAccount(out, isObj(ev.account) ? ev.account.userAccount : undefined, v);
      return addDevice(out, ev.host, v);
    case E_MESSAGE:
      addEmail(out, K_MAILBOX, ev.recipientEmailAddress, v);
      addSender(out, ev.p1Sender, v);
      return addSender(out, ev.p2Sender, v);
    case E_TEAMS:
      addSender(out, ev.senderFromAddress, v);
      return addRecipients(out, ev.recipients, v);
    case E_MAILBOX_CONFIG:
      addEmail(out, K_UPN, ev.upn, v);
      addEmail(out, K_MAILBOX, ev.mailboxPrimaryAddress, v);
      return addUserAccount(out, ev.userAccount, v);
  }
}

/**
 * Fills `out` with every identity in `evidence` (a Graph evidence array; anything else yields none).
 * `withRoles`: also note which identities come from `policyViolator` evidence (DLP alerts).
 */
export function collectIdentities(evidence: unknown, out: RawIdentities, withRoles: boolean): void {
  out.n = 0;
  if (!Array.isArray(evidence)) return;
  for (let i = 0; i < evidence.length; i++) {
    const ev: unknown = evidence[i];
    if (!isObj(ev)) continue;
    const type = ev['@odata.type'];
    if (typeof type !== 'string') continue;
    const code = evidenceCode(type);
    if (code !== 0) visit(out, code, ev, withRoles && hasViolatorRole(ev.roles));
  }
}
