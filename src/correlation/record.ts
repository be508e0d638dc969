import type {
  AlertClassification,
  AlertDetermination,
  AlertSeverity,
  AlertStatus,
  ServiceSource,
} from '../graph/types';
import type { Pairable } from './explain';
import { shared } from './strings';
import type { CorrelationMatch, Identity, TrackedAlert, TrackedComment } from './types';

const ALERT_URL = 'https://security.microsoft.com/alerts/';
const INCIDENT_URL = 'https://security.microsoft.com/incidents/';

/**
 * How a portal link is kept: Defender's usual `prefix + id + "?tid=…"` as its shared tail (derived back
 * on the way out), anything else as given. A kept tail never starts with `https://`, a kept link always
 * does (Graph's links are absolute), so one field tells both apart.
 */
function packLink(url: string | null, prefix: string, middle: string | null): string | null {
  if (url === null || middle === null || !url.startsWith(prefix) || !url.startsWith(middle, prefix.length)) {
    return url;
  }
  const tail = url.slice(prefix.length + middle.length);
  return tail.startsWith('https://') ? url : shared(tail);
}

function unpackLink(packed: string | null, prefix: string, middle: string | null): string | null {
  if (packed === null || packed.startsWith('https://') || middle === null) return packed;
  return prefix + middle + packed;
}

/**
 * The engine's own record of an alert: a fixed-shape class (monomorphic in the hot paths) that stores what
 * a `TrackedAlert` holds more compactly: the portal links as their shared tail when they follow Defender's
 * pattern (they would be a third of the record), the fingerprint derived. Callers never
 * see it: `toTracked()` gives the plain `TrackedAlert`.
 */
export class Rec implements Pairable {
  id = '';
  isDlp = false;
  title: string | null = null;
  severity: AlertSeverity = 'unknown';
  status: AlertStatus = 'unknown';
  classification: AlertClassification | null = null;
  determination: AlertDetermination | null = null;
  assignedTo: string | null = null;
  serviceSource: ServiceSource = 'unknown';
  detectionSource: string | null = null;
  productName: string | null = null;
  incidentId: string | null = null;
  /** The portal links, packed (see `packLink`). */
  alertLink: string | null = null;
  incidentLink: string | null = null;
  createdDateTime = '';
  lastUpdateDateTime = '';
  start = 0;
  end = 0;
  identities: Identity[] = [];
  evidenceCount = 0;
  commentCount = 0;
  lastComment: TrackedComment | undefined = undefined;
  correlatedDlpIds: string[] | undefined = undefined;
  matches: CorrelationMatch[] | undefined = undefined;

  setLinks(alertWebUrl: string | null, incidentWebUrl: string | null): void {
    this.alertLink = packLink(alertWebUrl, ALERT_URL, this.id);
    this.incidentLink = packLink(incidentWebUrl, INCIDENT_URL, this.incidentId);
  }

  /** Takes a newer version's fields, keeping this record's correlations. */
  takeVersion(next: Rec): void {
    const keep = { correlatedDlpIds: this.correlatedDlpIds, matches: this.matches };
    Object.assign(this, next, keep);
  }

  /** The plain, serializable record (a fresh object). */
  toTracked(): TrackedAlert {
    const t: TrackedAlert = {
      id: this.id,
      isDlp: this.isDlp,
      title: this.title,
      severity: this.severity,
      status: this.status,
      classification: this.classification,
      determination: this.determination,
      assignedTo: this.assignedTo,
      serviceSource: this.serviceSource,
      detectionSource: this.detectionSource,
      productName: this.productName,
      incidentId: this.incidentId,
      alertWebUrl: unpackLink(this.alertLink, ALERT_URL, this.id),
      incidentWebUrl: unpackLink(this.incidentLink, INCIDENT_URL, this.incidentId),
      createdDateTime: this.createdDateTime,
      lastUpdateDateTime: this.lastUpdateDateTime,
      start: this.start,
      end: this.end,
      identities: this.identities.map((i) => ({ ...i })),
      evidenceCount: this.evidenceCount,
      commentCount: this.commentCount,
      fingerprint: this.id + '|' + this.lastUpdateDateTime,
    };
    if (this.lastComment !== undefined) t.lastComment = { ...this.lastComment };
    if (this.correlatedDlpIds !== undefined) t.correlatedDlpIds = this.correlatedDlpIds.slice();
    if (this.matches !== undefined) t.matches = this.matches.slice();
    return t;
  }
}
