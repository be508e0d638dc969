import type { SecurityNamespace } from '@microsoft/microsoft-graph-types';
import type {
  AlertClassification,
  AlertDetermination,
  AlertSeverity,
  AlertStatus,
  CLASSIFICATIONS,
  DETERMINATIONS,
  DetectionSource,
  ServiceSource,
  STATUSES,
} from './enums';
import type { AlertEvidence } from './evidence';
import type { Widen } from './open';
import type { SupplementAlertProperties } from './supplement';

/** `microsoft.graph.security.alertComment`. */
export interface AlertComment {
  comment: string;
  createdByDisplayName?: string | null;
  createdDateTime?: string | null;
}

type PublishedAlert = Widen<SecurityNamespace.Alert>;

/**
 * `microsoft.graph.security.alert` (the 35 properties of v1.0) as the product keeps it: the published
 * interface with every enum open, and the fields the parser always fills made required (`id`, the two
 * timestamps, severity, status, serviceSource, comments and evidence).
 */
export interface SecurityAlert
  extends
    Omit<
      PublishedAlert,
      | 'id'
      | 'severity'
      | 'status'
      | 'serviceSource'
      | 'detectionSource'
      | 'classification'
      | 'determination'
      | 'createdDateTime'
      | 'lastUpdateDateTime'
      | 'comments'
      | 'evidence'
      | 'additionalData'
      | 'customDetails'
    >,
    SupplementAlertProperties {
  id: string;
  severity: AlertSeverity;
  status: AlertStatus;
  serviceSource: ServiceSource;
  detectionSource?: DetectionSource | null;
  classification?: AlertClassification | null;
  determination?: AlertDetermination | null;
  createdDateTime: string;
  lastUpdateDateTime: string;
  comments: AlertComment[];
  evidence: AlertEvidence[];
  /** An open dictionary with no documented keys: read defensively, never depend on it. */
  additionalData?: Record<string, unknown> | null;
  customDetails?: Record<string, string> | null;
}

/** The eight properties `$filter` accepts on alerts_v2. */
export const FILTERABLE_PROPERTIES = [
  'assignedTo',
  'classification',
  'determination',
  'createdDateTime',
  'lastUpdateDateTime',
  'severity',
  'serviceSource',
  'status',
] as const satisfies ReadonlyArray<keyof SecurityNamespace.Alert>;

/** The only properties `PATCH /security/alerts_v2/{id}` accepts. */
export const PATCHABLE_PROPERTIES = [
  'status',
  'classification',
  'determination',
  'assignedTo',
  'customDetails',
] as const satisfies ReadonlyArray<keyof SecurityNamespace.Alert>;

/** What a PATCH may change (known members only: we never write a value Graph did not publish). */
export interface AlertUpdate {
  status?: (typeof STATUSES)[number];
  classification?: (typeof CLASSIFICATIONS)[number];
  determination?: (typeof DETERMINATIONS)[number];
  assignedTo?: string | null;
  customDetails?: Record<string, string>;
}
