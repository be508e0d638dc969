/** Typed view builders for card tests, shaped like what the bot builds from Graph alerts. */
import type { AlertCardView, DlpMatchView } from '../../../src/cards/alertView';
import type { AlertListItemView } from '../../../src/cards/alertListItem';
import type { SitResultView } from '../../../src/cards/sitCard';
import type { StatusCardView } from '../../../src/cards/statusView';

export const NOW = Date.parse('2026-03-02T14:30:00Z');
export const WINDOW = 30 * 60_000;
export const HOSTILE_TITLE = '[click](https://evil.example) **urgent**';

export function makeDlpMatch(over: Partial<DlpMatchView> = {}): DlpMatchView {
  return {
    dlpAlertId: 'dlp-0001',
    title: 'DLP policy match for document "Q3 payroll.xlsx" in OneDrive',
    severity: 'medium',
    activityDateTime: '2026-03-02T14:07:00Z',
    via: 'identity',
    identity: { kind: 'upn', display: 'Alice.Wilber@contoso.com', key: 'alice.wilber@contoso.com' },
    deltaMs: 4 * 60_000,
    windowMs: WINDOW,
    ...over,
  };
}

export function makeAlertCardView(over: Partial<AlertCardView> = {}): AlertCardView {
  return {
    alert: {
      id: 'da638000000000000000_-1234567890',
      title: 'Suspicious PowerShell download of a file',
      description: 'A process downloaded a file with PowerShell and ran it.',
      severity: 'high',
      status: 'inProgress',
      classification: 'truePositive',
      determination: 'malware',
      assignedTo: 'bob@contoso.com',
      serviceSource: 'microsoftDefenderForEndpoint',
      productName: 'Microsoft Defender for Endpoint',
      createdDateTime: '2026-03-02T14:05:12.1234567Z',
      firstActivityDateTime: '2026-03-02T14:03:00Z',
      lastActivityDateTime: '2026-03-02T14:20:00Z',
      alertWebUrl: 'https://security.microsoft.com/alerts/da638000000000000000_-1234567890',
      incidentId: '4711',
      incidentWebUrl: 'https://security.microsoft.com/incidents/4711',
    },
    users: ['Alice.Wilber@contoso.com'],
    devices: ['laptop-0042.contoso.com'],
    dlp: [
      makeDlpMatch(),
      makeDlpMatch({
        dlpAlertId: 'dlp-0002',
        title: 'Credit card numbers emailed externally',
        severity: 'high',
        activityDateTime: '2026-03-02T13:51:00Z',
        identity: { kind: 'aadUserId', display: '6f1c2a4e-0000-4000-8000-000000000001' },
        deltaMs: -12 * 60_000,
      }),
      makeDlpMatch({
        dlpAlertId: 'dlp-0003',
        title: 'USB copy of labelled file',
        via: 'incident',
        identity: null,
        deltaMs: 25 * 60_000,
      }),
    ],
    lastComment: {
      text: 'Contained the device.\nWaiting for the user.',
      author: 'Bob Analyst',
      at: '2026-03-02T14:25:00Z',
    },
    commentCount: 2,
    lastEnriched: { by: 'Bob Analyst (bob@contoso.com)', at: '2026-03-02T14:26:00Z' },
    cardVersion: 1772460012,
    ...over,
  };
}

export function manyMatches(n: number): DlpMatchView[] {
  return Array.from({ length: n }, (_, i) =>
    makeDlpMatch({
      dlpAlertId: `dlp-${String(i).padStart(4, '0')}`,
      title: `DLP policy match ${i}: ${'very long document name '.repeat(12)}`,
      deltaMs: (i % 2 ? -1 : 1) * i * 7_000,
      identity: { kind: 'upn', display: `user${i}.${'x'.repeat(60)}@contoso.com` },
    }),
  );
}

export function makeListItem(over: Partial<AlertListItemView> = {}): AlertListItemView {
  return {
    id: 'da638000000000000000_-1234567890',
    title: 'Suspicious PowerShell download of a file',
    severity: 'high',
    status: 'new',
    user: 'alice@contoso.com',
    dlpCount: 3,
    assignedTo: null,
    lastActivityDateTime: '2026-03-02T14:20:00Z',
    ...over,
  };
}

export function makeSitResult(over: Partial<SitResultView> = {}): SitResultView {
  return {
    dlpAlertId: 'dlp-0001',
    dlpTitle: 'DLP policy match for document "Q3 payroll.xlsx"',
    source: 'DataSecurityEvents',
    types: [
      {
        name: 'Credit Card Number',
        count: 12,
        uniqueCount: 9,
        confidence: 85,
        policy: 'PCI DSS',
        rule: 'High volume of credit card numbers',
        location: 'OneDrive',
      },
      { name: 'U.S. Social Security Number (SSN)', count: 2, uniqueCount: 2, confidence: 75 },
    ],
    ...over,
  };
}

export function makeStatusView(over: Partial<StatusCardView> = {}): StatusCardView {
  return {
    version: '0.1.0',
    uptimeMs: (3 * 24 + 4) * 3_600_000,
    poller: {
      lastCycleAt: '2026-03-02T14:29:00Z',
      lastSuccessAt: '2026-03-02T14:29:00Z',
      lastDurationMs: 840,
      alertsLastCycle: 37,
      error: null,
      watermark: '2026-03-02T14:28:41.5Z',
      intervalSeconds: 60,
    },
    store: { kind: 'sqlite', detail: './data/bot.db' },
    leader: { replicaId: 'replica-a', isLeader: true },
    features: {
      alerts: { ready: true, missing: [], message: 'ready' },
      actions: { ready: true, missing: [], message: 'ready' },
      sensitiveInfo: {
        ready: false,
        missing: ['ThreatHunting.Read.All'],
        message: 'missing ThreatHunting.Read.All',
      },
    },
    certificateDaysLeft: 42,
    counts: { defenderAlerts: 120, dlpAlerts: 900, correlated: 14, subscriptions: 2 },
    ...over,
  };
}
