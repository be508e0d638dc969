/** Column types of the advanced hunting schema, and the names the API reports for them. */
export type KqlColumnType = 'datetime' | 'string' | 'int' | 'dynamic';

export interface KqlColumn {
  name: string;
  type: KqlColumnType;
}

/** A table the engine can query; rows keep dynamic values as objects (they are JSON-encoded on output). */
export interface KqlTable {
  name: string;
  columns: readonly KqlColumn[];
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** The `type` runHuntingQuery reports per column (`Object` for dynamic columns). */
export const SCHEMA_TYPE_NAMES: Record<KqlColumnType, string> = {
  datetime: 'DateTime',
  string: 'String',
  int: 'Int32',
  dynamic: 'Object',
};

const col = (name: string, type: KqlColumnType = 'string'): KqlColumn => ({ name, type });

/** `DataSecurityEvents` (the columns this product reads; Defender has more). */
export const DATA_SECURITY_EVENTS_COLUMNS: readonly KqlColumn[] = [
  col('Timestamp', 'datetime'),
  col('ReportId'),
  col('ActionType'),
  col('AccountUpn'),
  col('AccountObjectId'),
  col('AccountDisplayName'),
  col('Workload'),
  col('ObjectId'),
  col('ObjectName'),
  col('DeviceName'),
  col('SensitiveInfoTypeInfo', 'dynamic'),
  col('DlpPolicyMatchInfo', 'dynamic'),
  col('DlpPolicyRuleMatchInfo', 'dynamic'),
  col('DlpPolicyEnforcementMode', 'int'),
  col('SensitivityLabelId'),
  col('TargetUrlDomain'),
  col('RecipientEmailAddress'),
];

/** `CloudAppEvents` (the columns this product reads; Defender has more). */
export const CLOUD_APP_EVENTS_COLUMNS: readonly KqlColumn[] = [
  col('Timestamp', 'datetime'),
  col('ReportId'),
  col('ActionType'),
  col('Application'),
  col('AccountObjectId'),
  col('AccountId'),
  col('AccountDisplayName'),
  col('ObjectName'),
  col('ObjectType'),
  col('IPAddress'),
  col('RawEventData', 'dynamic'),
];

export const HUNTING_TABLE_NAMES = ['DataSecurityEvents', 'CloudAppEvents'] as const;
export type HuntingTableName = (typeof HUNTING_TABLE_NAMES)[number];

export const HUNTING_COLUMNS: Record<HuntingTableName, readonly KqlColumn[]> = {
  DataSecurityEvents: DATA_SECURITY_EVENTS_COLUMNS,
  CloudAppEvents: CLOUD_APP_EVENTS_COLUMNS,
};
