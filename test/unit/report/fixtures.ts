import type { AuditEntry } from '../../../src/analyst/types';
import type { CorrelationMatch, TrackedAlert } from '../../../src/correlation';

export const T0 = Date.parse('2026-11-20T08:00:00Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
const iso = (t: number): string => new Date(t).toISOString();

let n = 0;

/** A tracked DLP alert created at `at`. */
export function dlp(at: number, over: Partial<TrackedAlert> = {}): TrackedAlert {
  n++;
  return {
    ...base(`dl-${n}`, at),
    isDlp: true,
    serviceSource: 'dataLossPrevention',
    title: 'DLP policy match: U.S. Financial Data',
    ...over,
  };
}

/** A tracked Defender alert created at `at`, correlated with `dlps` on `user`. */
export function defender(
  at: number,
  dlps: readonly TrackedAlert[],
  user = 'alice@contoso.com',
  over: Partial<TrackedAlert> = {},
): TrackedAlert {
  n++;
  const matches: CorrelationMatch[] = dlps.map((d) => ({
    dlpAlertId: d.id,
    defenderAlertId: `da-${n}`,
    via: 'identity',
    identity: { kind: 'upn', key: `email:${user.toLowerCase()}`, display: user },
    deltaMs: 0,
    gapMs: 0,
    windowMs: 30 * MIN,
  }));
  return {
    ...base(`da-${n}`, at),
    matches,
    correlatedDlpIds: dlps.map((d) => d.id),
    ...over,
  };
}

function base(id: string, at: number): TrackedAlert {
  return {
    id,
    isDlp: false,
    title: 'Suspicious PowerShell command line',
    severity: 'medium',
    status: 'new',
    classification: null,
    determination: null,
    assignedTo: null,
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'antivirus',
    productName: null,
    incidentId: null,
    alertWebUrl: null,
    incidentWebUrl: null,
    createdDateTime: iso(at),
    lastUpdateDateTime: iso(at),
    start: at - MIN,
    end: at - MIN,
    identities: [],
    evidenceCount: 1,
    commentCount: 0,
    fingerprint: `${id}|${iso(at)}`,
  };
}

/** An audit line: `who` did `action` on `alertId` at `at`. */
export function audit(
  at: number,
  action: string,
  alertId: string,
  o: { who?: string; result?: AuditEntry['result']; detail?: string } = {},
): AuditEntry {
  const who = o.who ?? 'Riley Chen';
  return {
    at: iso(at),
    actor: { name: who, upn: `${who.split(' ')[0]!.toLowerCase()}@contoso.com` },
    action,
    alertId,
    result: o.result ?? 'ok',
    ...(o.detail ? { detail: o.detail } : {}),
  };
}
