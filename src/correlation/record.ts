import type {
  AlertClassification,
  AlertDetermination,
  AlertSeverity,
  AlertStatus,
  ServiceSource,
} from '../model';
import { workloadsOfBits } from '../model';
import type { Pairable } from './explain';
import { shared, sharedText, text } from './strings';
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

/** The displayed fields most alerts share (the same product, title, status…): one shared copy each. */
export interface RecView {
  readonly title: string | null;
  readonly severity: AlertSeverity;
  readonly status: AlertStatus;
  readonly classification: AlertClassification | null;
  readonly determination: AlertDetermination | null;
  readonly assignedTo: string | null;
  readonly serviceSource: ServiceSource;
  readonly detectionSource: string | null;
  readonly productName: string | null;
  /** The detection rule (`detectorId`): what "snooze this detector" silences. */
  readonly detectorId: string | null;
}

/** What only some records carry: a comment, or (Defender side) correlations. */
interface RecExtra {
  lastComment: TrackedComment | undefined;
  correlatedDlpIds: string[] | undefined;
  matches: CorrelationMatch[] | undefined;
}

const MAX_VIEWS = 20_000;
let views = new Map<string, RecView>();

/** The view of an alert or of a stored record (both spell the fields the same way), shared. */
export function viewOf(src: Record<string, unknown>): RecView {
  return shareView({
    title: sharedText(src.title),
    severity: text(src.severity) ?? 'unknown',
    status: text(src.status) ?? 'unknown',
    classification: text(src.classification),
    determination: text(src.determination),
    assignedTo: sharedText(src.assignedTo),
    serviceSource: text(src.serviceSource) ?? 'unknown',
    detectionSource: sharedText(src.detectionSource),
    productName: sharedText(src.productName),
    detectorId: sharedText(src.detectorId),
  });
}

/** The shared copy of a view (bounded: the pool starts over when full). */
function shareView(v: RecView): RecView {
  const sig = [
    v.title,
    v.severity,
    v.status,
    v.classification,
    v.determination,
    v.assignedTo,
    v.serviceSource,
    v.detectionSource,
    v.productName,
    v.detectorId,
  ].join('\u0001');
  const hit = views.get(sig);
  if (hit !== undefined) return hit;
  if (views.size >= MAX_VIEWS) views = new Map();
  views.set(sig, v);
  return v;
}

function copyIdentity(i: Identity): Identity {
  const c: Identity = { kind: i.kind, key: i.key, display: i.display };
  if (i.violator) c.violator = true;
  return c;
}

const EMPTY_VIEW: RecView = {
  title: null,
  severity: 'unknown',
  status: 'unknown',
  classification: null,
  determination: null,
  assignedTo: null,
  serviceSource: 'unknown',
  detectionSource: null,
  productName: null,
  detectorId: null,
};

/**
 * The engine's own record of an alert: a fixed-shape class (monomorphic in the hot paths) holding what a
 * `TrackedAlert` holds, compactly, because 100k of them stay in memory: the displayed fields as a shared
 * `RecView`, the rarely set ones in `extra`, the portal links as their shared tail when they follow
 * Defender's pattern, the fingerprint derived. Callers never see it: `toTracked()` gives the plain record.
 */
export class Rec implements Pairable {
  id = '';
  isDlp = false;
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
  /** DLP side: the workloads the evidence tells (`workloadBits`); 0 when it tells none. */
  workloads = 0;
  commentCount = 0;
  view: RecView = EMPTY_VIEW;
  extra: RecExtra | null = null;

  get title(): string | null {
    return this.view.title;
  }
  get severity(): AlertSeverity {
    return this.view.severity;
  }
  get status(): AlertStatus {
    return this.view.status;
  }
  get classification(): AlertClassification | null {
    return this.view.classification;
  }
  get determination(): AlertDetermination | null {
    return this.view.determination;
  }
  get assignedTo(): string | null {
    return this.view.assignedTo;
  }
  get serviceSource(): ServiceSource {
    return this.view.serviceSource;
  }
  get detectionSource(): string | null {
    return this.view.detectionSource;
  }
  get productName(): string | null {
    return this.view.productName;
  }
  get detectorId(): string | null {
    return this.view.detectorId;
  }

  get lastComment(): TrackedComment | undefined {
    return this.extra?.lastComment;
  }
  set lastComment(v: TrackedComment | undefined) {
    this.setExtra('lastComment', v);
  }
  get correlatedDlpIds(): string[] | undefined {
    return this.extra?.correlatedDlpIds;
  }
  set correlatedDlpIds(v: string[] | undefined) {
    this.setExtra('correlatedDlpIds', v);
  }
  get matches(): CorrelationMatch[] | undefined {
    return this.extra?.matches;
  }
  set matches(v: CorrelationMatch[] | undefined) {
    this.setExtra('matches', v);
  }

  private setExtra<K extends keyof RecExtra>(k: K, v: RecExtra[K]): void {
    if (this.extra === null) {
      if (v === undefined) return;
      this.extra = { lastComment: undefined, correlatedDlpIds: undefined, matches: undefined };
    }
    this.extra[k] = v;
  }

  setLinks(alertWebUrl: string | null, incidentWebUrl: string | null): void {
    this.alertLink = packLink(alertWebUrl, ALERT_URL, this.id);
    this.incidentLink = packLink(incidentWebUrl, INCIDENT_URL, this.incidentId);
  }

  /** Takes a newer version's fields, keeping this record's correlations. */
  takeVersion(next: Rec): void {
    const { correlatedDlpIds, matches } = this;
    Object.assign(this, next);
    this.extra = next.extra === null ? null : { ...next.extra };
    this.correlatedDlpIds = correlatedDlpIds;
    this.matches = matches;
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
      detectorId: this.detectorId,
      incidentId: this.incidentId,
      alertWebUrl: unpackLink(this.alertLink, ALERT_URL, this.id),
      incidentWebUrl: unpackLink(this.incidentLink, INCIDENT_URL, this.incidentId),
      createdDateTime: this.createdDateTime,
      lastUpdateDateTime: this.lastUpdateDateTime,
      start: this.start,
      end: this.end,
      identities: this.identities.map(copyIdentity),
      evidenceCount: this.evidenceCount,
      commentCount: this.commentCount,
      fingerprint: this.id + '|' + this.lastUpdateDateTime,
    };
    if (this.workloads !== 0) t.workloads = workloadsOfBits(this.workloads);
    if (this.lastComment !== undefined) t.lastComment = { ...this.lastComment };
    if (this.correlatedDlpIds !== undefined) t.correlatedDlpIds = this.correlatedDlpIds.slice();
    if (this.matches !== undefined) t.matches = this.matches.slice();
    return t;
  }
}
