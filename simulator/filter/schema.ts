import {
  CLASSIFICATIONS,
  DETERMINATIONS,
  SERVICE_SOURCES,
  SEVERITIES,
  STATUSES,
  type FILTERABLE_PROPERTIES,
} from '../../src/model';

/** How one filterable property is typed in Graph's metadata. */
export type FilterPropertyType =
  { kind: 'enum'; enumType: string; members: readonly string[] } | { kind: 'dateTime' } | { kind: 'string' };

/** What `$filter` may reference on one entity type. */
export interface FilterSchema {
  /** OData type name used in error messages, e.g. `microsoft.graph.security.alert`. */
  entityType: string;
  /** Every property of the type: naming one of these that is not filterable gets a different error. */
  allProperties: readonly string[];
  filterable: Readonly<Record<string, FilterPropertyType>>;
}

/** The enum sentinel: members listed after it are "evolvable" and hidden without the Prefer header. */
export const UNKNOWN_FUTURE_VALUE = 'unknownFutureValue';

/** Members declared after `unknownFutureValue`. */
export function evolvableMembers(members: readonly string[]): readonly string[] {
  const i = members.indexOf(UNKNOWN_FUTURE_VALUE);
  return i < 0 ? [] : members.slice(i + 1);
}

const enumOf = (enumType: string, members: readonly string[]): FilterPropertyType => ({
  kind: 'enum',
  enumType,
  members,
});

export const ALERT_PROPERTIES = [
  'id',
  'actorDisplayName',
  'additionalData',
  'alertPolicyId',
  'alertWebUrl',
  'assignedTo',
  'categories',
  'category',
  'classification',
  'comments',
  'createdDateTime',
  'customDetails',
  'description',
  'detectionSource',
  'detectorId',
  'determination',
  'evidence',
  'firstActivityDateTime',
  'lastActivityDateTime',
  'incidentId',
  'incidentWebUrl',
  'investigationState',
  'lastUpdateDateTime',
  'mitreTechniques',
  'productName',
  'providerAlertId',
  'recommendedActions',
  'resolvedDateTime',
  'serviceSource',
  'severity',
  'status',
  'systemTags',
  'tenantId',
  'threatDisplayName',
  'threatFamilyName',
  'title',
] as const;

/** alerts_v2: the eight filterable properties the product's model names (`FILTERABLE_PROPERTIES`), each typed. */
const ALERT_FILTERABLE: Readonly<Record<(typeof FILTERABLE_PROPERTIES)[number], FilterPropertyType>> = {
  assignedTo: { kind: 'string' },
  classification: enumOf('microsoft.graph.security.alertClassification', CLASSIFICATIONS),
  determination: enumOf('microsoft.graph.security.alertDetermination', DETERMINATIONS),
  createdDateTime: { kind: 'dateTime' },
  lastUpdateDateTime: { kind: 'dateTime' },
  severity: enumOf('microsoft.graph.security.alertSeverity', SEVERITIES),
  serviceSource: enumOf('microsoft.graph.security.serviceSource', SERVICE_SOURCES),
  status: enumOf('microsoft.graph.security.alertStatus', STATUSES),
};

export const ALERT_FILTER_SCHEMA: FilterSchema = {
  entityType: 'microsoft.graph.security.alert',
  allProperties: ALERT_PROPERTIES,
  filterable: ALERT_FILTERABLE,
};

/** `microsoft.graph.security.incidentStatus`. */
export const INCIDENT_STATUSES = [
  'active',
  'resolved',
  'inProgress',
  'redirected',
  'unknownFutureValue',
  'awaitingAction',
] as const;

export const INCIDENT_FILTER_SCHEMA: FilterSchema = {
  entityType: 'microsoft.graph.security.incident',
  allProperties: [
    'id',
    'assignedTo',
    'classification',
    'comments',
    'createdDateTime',
    'customTags',
    'description',
    'determination',
    'displayName',
    'incidentWebUrl',
    'lastModifiedBy',
    'lastUpdateDateTime',
    'redirectIncidentId',
    'resolvingComment',
    'severity',
    'status',
    'summary',
    'systemTags',
    'tenantId',
    'alerts',
  ],
  filterable: {
    assignedTo: { kind: 'string' },
    classification: enumOf('microsoft.graph.security.alertClassification', CLASSIFICATIONS),
    determination: enumOf('microsoft.graph.security.alertDetermination', DETERMINATIONS),
    createdDateTime: { kind: 'dateTime' },
    lastUpdateDateTime: { kind: 'dateTime' },
    severity: enumOf('microsoft.graph.security.alertSeverity', SEVERITIES),
    status: enumOf('microsoft.graph.security.incidentStatus', INCIDENT_STATUSES),
  },
};
