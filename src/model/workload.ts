import { evidenceKind } from './evidence';

/**
 * The Microsoft 365 workload a DLP alert's activity happened in: the `workloads=` routing rule. Microsoft
 * spells these several ways: the audit record's `Workload` ("Exchange", "SharePoint", "OneDrive",
 * "MicrosoftTeams", "Endpoint"; Office 365 Management Activity API, common schema,
 * https://learn.microsoft.com/office/office-365-management-api/office-365-management-activity-api-schema),
 * advanced hunting's `DataSecurityEvents.Workload` ("The Microsoft 365 service where the event occurred",
 * https://learn.microsoft.com/defender-xdr/advanced-hunting-datasecurityevents-table), cloud app names
 * ("Microsoft Exchange Online", "Microsoft OneDrive for Business") and DLP policy locations ("Devices").
 */
export const WORKLOADS = ['Exchange', 'SharePoint', 'OneDrive', 'Teams', 'Endpoint'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** Spellings, lower-cased with spaces, dashes, dots and underscores removed. */
const SPELLINGS: Record<string, Workload> = {
  exchange: 'Exchange',
  exchangeonline: 'Exchange',
  microsoftexchange: 'Exchange',
  microsoftexchangeonline: 'Exchange',
  exo: 'Exchange',
  sharepoint: 'SharePoint',
  sharepointonline: 'SharePoint',
  microsoftsharepoint: 'SharePoint',
  microsoftsharepointonline: 'SharePoint',
  spo: 'SharePoint',
  onedrive: 'OneDrive',
  onedriveforbusiness: 'OneDrive',
  microsoftonedrive: 'OneDrive',
  microsoftonedriveforbusiness: 'OneDrive',
  odb: 'OneDrive',
  teams: 'Teams',
  microsoftteams: 'Teams',
  endpoint: 'Endpoint',
  endpoints: 'Endpoint',
  endpointdlp: 'Endpoint',
  devices: 'Endpoint',
  device: 'Endpoint',
};

/** A workload from any of Microsoft's spellings (case-insensitive); undefined for anything else. */
export function parseWorkload(name: unknown): Workload | undefined {
  if (typeof name !== 'string' || name.length > 100) return undefined;
  return SPELLINGS[name.toLowerCase().replace(/[\s\-_.]/g, '')];
}

/** The workloads named in a list of any spellings (junk left out), in canonical order. */
export function parseWorkloads(list: unknown): Workload[] {
  if (!Array.isArray(list)) return [];
  return sortWorkloads(list.map(parseWorkload).filter((w): w is Workload => w !== undefined));
}

/** Workloads in canonical order, each once. */
export function sortWorkloads(list: Iterable<Workload>): Workload[] {
  const set = new Set(list);
  return WORKLOADS.filter((w) => set.has(w));
}

/** A compact form for records kept in memory by the hundred thousand: one bit per workload. */
export function workloadBits(list: Iterable<Workload>): number {
  let bits = 0;
  for (const w of list) bits |= 1 << WORKLOADS.indexOf(w);
  return bits;
}

export function workloadsOfBits(bits: number): Workload[] {
  return WORKLOADS.filter((_w, i) => (bits & (1 << i)) !== 0);
}

const MAIL_EVIDENCE = new Set([
  'mailboxEvidence',
  'analyzedMessageEvidence',
  'mailClusterEvidence',
  'submissionMailEvidence',
]);

/**
 * What an alert's evidence tells of its workload, without a query: mail evidence is Exchange, Teams
 * message evidence is Teams, device evidence (or a file seen on a Defender device) is Endpoint, a file
 * whose path is a SharePoint URL is SharePoint (`<tenant>-my.sharepoint…` is OneDrive), a cloud
 * application named after a workload is that workload. Empty when the evidence does not tell (the
 * caller then asks advanced hunting). Never throws on malformed evidence.
 */
export function evidenceWorkloads(evidence: unknown): Workload[] {
  if (!Array.isArray(evidence)) return [];
  const found = new Set<Workload>();
  for (const e of evidence as unknown[]) {
    if (typeof e !== 'object' || e === null) continue;
    const item = e as Record<string, unknown>;
    const kind = evidenceKind(item);
    if (MAIL_EVIDENCE.has(kind)) found.add('Exchange');
    else if (kind === 'teamsMessageEvidence') found.add('Teams');
    else if (kind === 'deviceEvidence') found.add('Endpoint');
    else if (kind === 'cloudApplicationEvidence') {
      const w = parseWorkload(item.displayName);
      if (w) found.add(w);
    } else if (kind === 'fileEvidence') {
      const w = fileWorkload(item);
      if (w) found.add(w);
    }
  }
  return sortWorkloads(found);
}

function fileWorkload(file: Record<string, unknown>): Workload | undefined {
  const details = file.fileDetails;
  const path =
    typeof details === 'object' && details !== null
      ? (details as Record<string, unknown>).filePath
      : undefined;
  const host = typeof path === 'string' ? hostOf(path) : undefined;
  if (host && /-my\.sharepoint(-df)?\.[a-z.]+$/.test(host)) return 'OneDrive';
  if (host && /\.sharepoint(-df)?\.[a-z.]+$/.test(host)) return 'SharePoint';
  if (typeof file.mdeDeviceId === 'string' && file.mdeDeviceId.length > 0) return 'Endpoint';
  return undefined;
}

function hostOf(path: string): string | undefined {
  const m = /^https?:\/\/([^/?#:]+)/i.exec(path.trim());
  return m?.[1]?.toLowerCase();
}
