import type { AlertEvidence, SecurityAlert } from '../../../src/model';

/** The identity keys an alert's evidence carries, by kind (test helper for scenario checks). */
export interface Identities {
  upn: Set<string>;
  objectId: Set<string>;
  mailbox: Set<string>;
  device: Set<string>;
}

export function identitiesOf(alert: SecurityAlert): Identities {
  const ids: Identities = { upn: new Set(), objectId: new Set(), mailbox: new Set(), device: new Set() };
  const account = (a: unknown): void => {
    const acc = a as { userPrincipalName?: string | null; azureAdUserId?: string | null } | null | undefined;
    if (acc?.userPrincipalName) ids.upn.add(acc.userPrincipalName.toLowerCase());
    if (acc?.azureAdUserId) ids.objectId.add(acc.azureAdUserId);
  };
  const visit = (e: AlertEvidence): void => {
    const kind = e['@odata.type'].split('.').pop();
    if (kind === 'userEvidence') account(e.userAccount);
    if (kind === 'processEvidence') account(e.userAccount);
    if (kind === 'mailboxEvidence') {
      if (typeof e.primaryAddress === 'string') ids.mailbox.add(e.primaryAddress.toLowerCase());
      if (typeof e.upn === 'string') ids.upn.add(e.upn.toLowerCase());
      account(e.userAccount);
    }
    if (kind === 'deviceEvidence' && typeof e.mdeDeviceId === 'string') ids.device.add(e.mdeDeviceId);
    if (kind === 'cloudLogonSessionEvidence' || kind === 'hostLogonSessionEvidence') {
      visit(e.account as AlertEvidence);
      if (e.host) visit(e.host as AlertEvidence);
    }
    if (kind === 'teamsMessageEvidence' && typeof e.senderFromAddress === 'string')
      ids.upn.add(e.senderFromAddress.toLowerCase());
    if (kind === 'analyzedMessageEvidence' && typeof e.recipientEmailAddress === 'string') {
      ids.mailbox.add(e.recipientEmailAddress.toLowerCase());
    }
  };
  alert.evidence.forEach(visit);
  return ids;
}

/** Kinds of identity two alerts share. */
export function sharedKinds(a: Identities, b: Identities): string[] {
  const kinds: string[] = [];
  const meets = (x: Set<string>, y: Set<string>): boolean => [...x].some((v) => y.has(v));
  if (meets(a.upn, b.upn)) kinds.push('upn');
  if (meets(a.objectId, b.objectId)) kinds.push('objectId');
  if (meets(a.mailbox, b.mailbox) || meets(a.mailbox, b.upn) || meets(a.upn, b.mailbox))
    kinds.push('mailbox');
  if (meets(a.device, b.device)) kinds.push('device');
  return kinds;
}

/** Minutes between two alerts' activity windows (0 when they overlap). */
export function activityGapMinutes(a: SecurityAlert, b: SecurityAlert): number {
  const range = (x: SecurityAlert): [number, number] => {
    const first = Date.parse(x.firstActivityDateTime ?? x.createdDateTime);
    return [first, Date.parse(x.lastActivityDateTime ?? x.createdDateTime)];
  };
  const [a1, a2] = range(a);
  const [b1, b2] = range(b);
  return Math.max(0, Math.max(a1, b1) - Math.min(a2, b2)) / 60_000;
}

/** Minutes between the closest timestamps of two alerts (activity and creation). */
export function closestMinutes(a: SecurityAlert, b: SecurityAlert): number {
  const times = (x: SecurityAlert): number[] =>
    [x.firstActivityDateTime, x.lastActivityDateTime, x.createdDateTime]
      .filter((t): t is string => !!t)
      .map(Date.parse);
  let best = Number.POSITIVE_INFINITY;
  for (const s of times(a)) for (const t of times(b)) best = Math.min(best, Math.abs(s - t));
  return best / 60_000;
}
