import type { SecurityAlert } from '../../src/model';
import { incidentWebUrl } from '../scenario';
import { compareInstant, instantOf } from '../time';

/** `microsoft.graph.security.incident`, derived from the alerts that carry its id. */
export interface Incident {
  id: string;
  tenantId: string | null;
  displayName: string;
  status: string;
  severity: string;
  classification: string | null;
  determination: string | null;
  assignedTo: string | null;
  createdDateTime: string;
  lastUpdateDateTime: string;
  incidentWebUrl: string;
  redirectIncidentId: null;
  description: null;
  resolvingComment: null;
  summary: null;
  customTags: string[];
  systemTags: string[];
  comments: [];
  lastModifiedBy: string;
  /** Alert ids (the alerts themselves come with `$expand=alerts`). */
  alertIds: string[];
}

const SEVERITY_RANK = ['unknown', 'informational', 'low', 'medium', 'high'];

/** Groups alerts by `incidentId`: one incident per id, most recent first. */
export function buildIncidents(alerts: readonly SecurityAlert[]): Incident[] {
  const groups = new Map<string, SecurityAlert[]>();
  for (const a of alerts) {
    if (!a.incidentId) continue;
    const g = groups.get(a.incidentId);
    if (g) g.push(a);
    else groups.set(a.incidentId, [a]);
  }
  const incidents = [...groups.entries()].map(([id, members]) => toIncident(id, members));
  return incidents.sort(
    (x, y) => latestFirst(x.createdDateTime, y.createdDateTime) || (x.id < y.id ? -1 : 1),
  );
}

function latestFirst(a: string, b: string): number {
  const [ia, ib] = [instantOf(a), instantOf(b)];
  return ia && ib ? compareInstant(ib, ia) : 0;
}

function toIncident(id: string, members: SecurityAlert[]): Incident {
  const byCreated = [...members].sort((x, y) => latestFirst(y.createdDateTime, x.createdDateTime));
  const first = byCreated[0] as SecurityAlert;
  const lastUpdate = members.reduce(
    (m, a) => (latestFirst(m, a.lastUpdateDateTime) > 0 ? a.lastUpdateDateTime : m),
    first.lastUpdateDateTime,
  );
  const severity = members.reduce(
    (s, a) => (SEVERITY_RANK.indexOf(a.severity) > SEVERITY_RANK.indexOf(s) ? a.severity : s),
    'unknown',
  );
  const allResolved = members.every((a) => a.status === 'resolved');
  const anyActive = members.some((a) => a.status === 'inProgress');
  const titles = [...new Set(members.map((a) => a.title ?? 'alert'))];
  return {
    id,
    tenantId: first.tenantId ?? null,
    displayName:
      titles.length === 1 ? `${titles[0]}` : `Multi-stage incident involving ${titles.length} alerts`,
    status: allResolved ? 'resolved' : anyActive ? 'inProgress' : 'active',
    severity,
    classification: allResolved ? (first.classification ?? null) : null,
    determination: allResolved ? (first.determination ?? null) : null,
    assignedTo: members.find((a) => a.assignedTo)?.assignedTo ?? null,
    createdDateTime: first.createdDateTime,
    lastUpdateDateTime: lastUpdate,
    incidentWebUrl: first.incidentWebUrl ?? incidentWebUrl(id),
    redirectIncidentId: null,
    description: null,
    resolvingComment: null,
    summary: null,
    customTags: [],
    systemTags: [],
    comments: [],
    lastModifiedBy: 'API-App:Microsoft Defender XDR',
    alertIds: members.map((a) => a.id),
  };
}
