import * as codes from './evidenceCodes';
import * as keys from './keys';
import * as wellKnown from './wellKnown';

export { IDENTITY_EVIDENCE_KINDS } from './evidenceCodes';

// Module-local copies: tsx (esbuild's CommonJS output) reads imported bindings through getter functions,
// which showed in the engine's profile; these run for every evidence entry of every alert.
const K_AAD = keys.K_AAD;
const K_UPN = keys.K_UPN;
const K_MAILBOX = keys.K_MAILBOX;
const K_DEVICE = keys.K_DEVICE;
const K_ACCOUNT = keys.K_ACCOUNT;
const isGuid = keys.isGuid;
const E_USER = codes.E_USER;
const E_MAILBOX = codes.E_MAILBOX;
const E_DEVICE = codes.E_DEVICE;
const E_PROCESS = codes.E_PROCESS;
const E_FILE = codes.E_FILE;
const E_CLOUD_LOGON = codes.E_CLOUD_LOGON;
const E_HOST_LOGON = codes.E_HOST_LOGON;
const E_MESSAGE = codes.E_MESSAGE;
const E_TEAMS = codes.E_TEAMS;
const E_MAILBOX_CONFIG = codes.E_MAILBOX_CONFIG;
const E_MALWARE = codes.E_MALWARE;
const E_REGISTRY_VALUE = codes.E_REGISTRY_VALUE;
const E_SUBMISSION = codes.E_SUBMISSION;
const E_GITHUB_USER = codes.E_GITHUB_USER;
const evidenceCode = codes.evidenceCode;
const isWellKnownSid = wellKnown.isWellKnownSid;
const isWellKnownAccountName = wellKnown.isWellKnownAccountName;
const isMachineAddress = wellKnown.isMachineAddress;

/**
 * The evidence walker: finds every identity an alert's evidence names, with direct property access and no
 * allocation besides `domain\name` strings. It writes into a reusable `RawIdentities` buffer that both the
 * batch path and the tracked-alert path read. Any field may be missing or of the wrong type: such values
 * are skipped, never thrown on. Values are trimmed, not yet lower-cased. Accounts that are no person
 * (wellKnown.ts: SYSTEM, LOCAL SERVICE, DWM-n, machine accounts `name$`…) are never collected, so no path
 * can correlate on them. Which evidence types and fields are read, and which are left out and why, is the
 * table in docs/architecture.md ("Identities per evidence type"); a unit test holds it to this file.
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
  if (n !== undefined && d !== undefined && !isWellKnownAccountName(n)) out.push(K_ACCOUNT, n, violator, d);
}

/** An Entra object id (a GUID; anything else is no key). */
function addAad(out: RawIdentities, v: unknown, violator: boolean): void {
  const aad = clean(v);
  if (aad !== undefined && isGuid(aad)) out.push(K_AAD, aad, violator);
}

function addDeviceId(out: RawIdentities, v: unknown, violator: boolean): void {
  const s = clean(v);
  if (s !== undefined) out.push(K_DEVICE, s, violator);
}

/** True when a `userAccount` is no person: a well-known SID, a well-known name or a machine account. */
function isServiceAccount(ua: Obj): boolean {
  const sid = ua.userSid;
  if (typeof sid === 'string' && isWellKnownSid(sid)) return true;
  const name = clean(ua.accountName);
  if (name !== undefined && isWellKnownAccountName(name)) return true;
  const upn = ua.userPrincipalName;
  return typeof upn === 'string' && isMachineAddress(upn);
}

/**
 * `userAccount`: Entra object id, UPN and on-prem `domain\name`. A service or machine account yields
 * nothing at all (its UPN or object id, where Graph sends one, is no person either).
 */
function addUserAccount(out: RawIdentities, ua: unknown, violator: boolean): void {
  if (!isObj(ua) || isServiceAccount(ua)) return;
  addAad(out, ua.azureAdUserId, violator);
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

/** A `processEvidence` (top level or nested in malwareEvidence): its user and its device. */
function addProcess(out: RawIdentities, p: unknown, violator: boolean): void {
  if (!isObj(p)) return;
  addUserAccount(out, p.userAccount, violator);
  addDeviceId(out, p.mdeDeviceId, violator);
}

/** A `fileEvidence` (top level or nested in malware or Teams message evidence): its device. */
function addFile(out: RawIdentities, f: unknown, violator: boolean): void {
  if (isObj(f)) addDeviceId(out, f.mdeDeviceId, violator);
}

function addEach(
  out: RawIdentities,
  list: unknown,
  violator: boolean,
  add: (out: RawIdentities, item: unknown, violator: boolean) => void,
): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) add(out, list[i], violator);
}

function hasViolatorRole(roles: unknown): boolean {
  if (!Array.isArray(roles)) return false;
  for (let i = 0; i < roles.length; i++) if (roles[i] === 'policyViolator') return true;
  return false;
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
      return addProcess(out, ev, v);
    case E_FILE:
      return addFile(out, ev, v);
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
      addRecipients(out, ev.recipients, v);
      addRecipients(out, ev.suspiciousRecipients, v);
      return addEach(out, ev.files, v, addFile);
    case E_MAILBOX_CONFIG:
      // No userAccount in this type: the Entra user is `externalDirectoryObjectId`.
      addAad(out, ev.externalDirectoryObjectId, v);
      addEmail(out, K_UPN, ev.upn, v);
      return addEmail(out, K_MAILBOX, ev.mailboxPrimaryAddress, v);
    case E_MALWARE:
      addEach(out, ev.processes, v, addProcess);
      return addEach(out, ev.files, v, addFile);
    case E_REGISTRY_VALUE:
      return addDeviceId(out, ev.mdeDeviceId, v);
    case E_SUBMISSION:
      // Not `submitter`: whoever reported the mail (often the helpdesk), not a party to it.
      addEmail(out, K_MAILBOX, ev.sender, v);
      return addEmail(out, K_MAILBOX, ev.recipient, v);
    case E_GITHUB_USER:
      return addEmail(out, K_MAILBOX, ev.email, v);
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
