import { GraphError } from '../errors';
import { parseWorkload, sortWorkloads, type Workload } from '../model';
import { silentLogger, type Logger } from '../log';
import { invalidArgument } from './graphErrors';
import type { HuntingResult } from './hunting';
import { checkTarget, cloudAppEventsQuery, dataSecurityEventsQuery, type HuntingTarget } from './kql';
import { aggregateSits } from './sitAggregate';
import { field, text, toRecords, type SensitiveInfoType } from './sitParse';
import { sitsFromAdditionalData, sitsFromAuditRecord, sitsFromDataSecurityRow } from './sitSources';
import { parseInstant } from './validate';

/** The DLP alert whose sensitive information types are wanted. */
export interface SensitiveInfoTarget {
  dlpAlertId: string;
  /** UPNs from the alert's evidence (anything not shaped like a UPN is left out of the query). */
  upns: string[];
  /** Entra object ids from the evidence (GUIDs only). */
  objectIds: string[];
  /** Activity window, ISO 8601 with a zone (padded by 5 minutes on each side). */
  from: string;
  to: string;
  /** File names from the evidence: rows about these files are preferred when there are several. */
  objectNames?: string[];
  /** The alert's `additionalData`, the last resort. */
  additionalData?: Record<string, unknown> | null;
}

/** What the card says when advanced hunting's CPU quota is spent. */
export const HUNTING_QUOTA_REASON =
  'advanced hunting is over its quota; it resets within 15 minutes: press Sensitive info types again then';

/** Where the types came from. */
export type SensitiveInfoSource = 'DataSecurityEvents' | 'CloudAppEvents' | 'additionalData' | 'none';

/** Types, counts and confidence of the data a DLP rule matched: never the detected values. */
export interface SensitiveInfoResult {
  dlpAlertId: string;
  source: SensitiveInfoSource;
  types: SensitiveInfoType[];
  /** Why nothing was found, in plain words (only with `source: 'none'`). */
  reason?: string;
  /** True when trying again later may find the data (hunting was throttled or unreachable). */
  transient?: boolean;
  /** True when advanced hunting refused with its CPU quota (429 without Retry-After; resets within 15 min). */
  quota?: boolean;
  /** The Microsoft 365 workloads of the rows read (DataSecurityEvents.Workload, the audit record's). */
  workloads?: Workload[];
}

/** What `fetchSensitiveInfo` needs of the Graph client. */
export interface HuntingClient {
  runHuntingQuery(
    query: string,
    timespan?: string,
    o?: { signal?: AbortSignal; requestId?: string },
  ): Promise<HuntingResult>;
}

/** The outcome of one hunting table. */
interface TableOutcome {
  types: SensitiveInfoType[];
  rows: number;
  workloads?: Workload[];
  kind?: 'empty' | 'forbidden' | 'unavailable' | 'quota' | 'transient' | 'failed';
  reason?: string;
}

/**
 * The sensitive information types behind a DLP alert: advanced hunting's `DataSecurityEvents` first, then
 * `CloudAppEvents` DLP rule matches, then the alert's `additionalData`. With nothing found, `source: 'none'`
 * and a `reason` an analyst can act on. Only a cancel (or a non-Graph bug) throws.
 */
export async function fetchSensitiveInfo(
  client: HuntingClient,
  target: SensitiveInfoTarget,
  o: { logger?: Logger; signal?: AbortSignal } = {},
): Promise<SensitiveInfoResult> {
  const dlpAlertId = text(target?.dlpAlertId, 256);
  if (!dlpAlertId) throw invalidArgument('runHuntingQuery', 'fetchSensitiveInfo needs the DLP alert id');
  const log = (o.logger ?? silentLogger()).child({ component: 'sensitive-info', dlpAlertId });
  const check = checkTarget(target);
  if (check.rejected > 0)
    log.warn({ rejected: check.rejected }, 'identities that are not a UPN or GUID were left out');
  const outcomes: TableOutcome[] = [];
  if (check.target) {
    const hints = rowHints(target);
    const dse = await searchTable(client, 'DataSecurityEvents', check.target, hints, o.signal);
    if (dse.types.length > 0) return found(log, dlpAlertId, 'DataSecurityEvents', dse);
    outcomes.push(dse);
    // Forbidden and the CPU quota hold for every table: asking the next one only spends a request.
    if (dse.kind !== 'forbidden' && dse.kind !== 'quota') {
      const cae = await searchTable(client, 'CloudAppEvents', check.target, hints, o.signal);
      if (cae.types.length > 0) return found(log, dlpAlertId, 'CloudAppEvents', cae);
      outcomes.push(cae);
    }
  }
  const fromData = aggregateSits(sitsFromAdditionalData(target.additionalData));
  if (fromData.length > 0) return found(log, dlpAlertId, 'additionalData', { types: fromData, rows: 0 });
  const reason = check.target ? explain(outcomes, check.target) : (check.problem ?? 'nothing to search');
  const quota = outcomes.some((x) => x.kind === 'quota');
  const transient = quota || outcomes.some((x) => x.kind === 'transient');
  // Rows without a type may still tell the workload (routing needs it even then).
  const workloads = sortWorkloads(outcomes.flatMap((x) => x.workloads ?? []));
  log.info({ source: 'none', transient, quota }, `no sensitive info types: ${reason}`);
  return {
    dlpAlertId,
    source: 'none',
    types: [],
    reason,
    ...(transient ? { transient } : {}),
    ...(quota ? { quota } : {}),
    ...(workloads.length > 0 ? { workloads } : {}),
  };
}

type Table = 'DataSecurityEvents' | 'CloudAppEvents';

async function searchTable(
  client: HuntingClient,
  table: Table,
  t: HuntingTarget,
  hints: RowHints,
  signal: AbortSignal | undefined,
): Promise<TableOutcome> {
  const query = table === 'DataSecurityEvents' ? dataSecurityEventsQuery(t) : cloudAppEventsQuery(t);
  let rows: Array<Record<string, unknown>>;
  try {
    rows = (await client.runHuntingQuery(query, undefined, { signal })).results;
  } catch (err) {
    if (!(err instanceof GraphError) || err.graphCode === 'cancelled' || signal?.aborted) throw err;
    return { types: [], rows: 0, ...failure(table, err) };
  }
  if (rows.length === 0) return { types: [], rows: 0, kind: 'empty' };
  const chosen = preferredRows(rows, hints);
  const hits =
    table === 'DataSecurityEvents'
      ? chosen.flatMap(sitsFromDataSecurityRow)
      : chosen.flatMap((r) => sitsFromAuditRecord(field(r, 'RawEventData')));
  const types = aggregateSits(hits);
  const workloads = rowWorkloads(table, chosen);
  if (types.length > 0) return { types, rows: chosen.length, workloads };
  return {
    types,
    rows: rows.length,
    workloads,
    kind: 'failed',
    reason: `${table} had ${rows.length} matching row(s) but none listed a sensitive information type`,
  };
}

/**
 * The workloads of the chosen rows: `DataSecurityEvents.Workload`; for `CloudAppEvents` the audit
 * record's `Workload` (Office 365 Management Activity API common schema), else the `Application` column
 * ("Microsoft Exchange Online", …). Any of Microsoft's spellings; unknown ones are left out.
 */
function rowWorkloads(table: Table, rows: Array<Record<string, unknown>>): Workload[] {
  const found = rows.map((r) => {
    if (table === 'DataSecurityEvents') return parseWorkload(field(r, 'Workload'));
    const audit = toRecords(field(r, 'RawEventData'))[0];
    return (audit && parseWorkload(field(audit, 'Workload'))) ?? parseWorkload(field(r, 'Application'));
  });
  return sortWorkloads(found.filter((w): w is Workload => w !== undefined));
}

/** What tells this alert's rows from other activity of the same user in the padded window. */
interface RowHints {
  /** The alert's own activity window (unpadded), epoch ms. */
  fromMs: number;
  toMs: number;
  /** The alert's file names, lower-cased. */
  objectNames: string[];
}

function rowHints(target: SensitiveInfoTarget): RowHints {
  const a = parseInstant(target.from) ?? 0;
  const b = parseInstant(target.to) ?? 0;
  const objectNames = (Array.isArray(target.objectNames) ? target.objectNames : []).map((n) =>
    String(n).toLowerCase(),
  );
  return { fromMs: Math.min(a, b), toMs: Math.max(a, b), objectNames };
}

/**
 * The rows that belong to this alert, narrowing step by step while something is left: rows with a DLP
 * rule match beat bare SIT sightings, rows inside the alert's own activity window beat rows that only fall
 * in the padding (another alert of the same user minutes apart), rows about the alert's files beat others.
 */
function preferredRows(
  rows: Array<Record<string, unknown>>,
  hints: RowHints,
): Array<Record<string, unknown>> {
  let chosen = narrow(rows, (r) => toRecords(field(r, 'DlpPolicyRuleMatchInfo')).length > 0);
  chosen = narrow(chosen, (r) => {
    const at = parseInstant(field(r, 'Timestamp'));
    return at !== undefined && at >= hints.fromMs && at <= hints.toMs;
  });
  if (hints.objectNames.length > 0) {
    chosen = narrow(chosen, (r) =>
      hints.objectNames.includes(String(field(r, 'ObjectName') ?? '').toLowerCase()),
    );
  }
  return chosen;
}

function narrow<T>(rows: T[], keep: (row: T) => boolean): T[] {
  const kept = rows.filter(keep);
  return kept.length > 0 ? kept : rows;
}

function failure(table: Table, err: GraphError): Pick<TableOutcome, 'kind' | 'reason'> {
  if (err.reason === 'forbidden') {
    return {
      kind: 'forbidden',
      reason:
        'the app lacks ThreatHunting.Read.All, so advanced hunting cannot be searched (grant it and give admin consent)',
    };
  }
  if (
    err.status === 400 &&
    /resolve table|table .*(not found|does not exist)|unknown table/i.test(err.message)
  ) {
    const needs =
      table === 'DataSecurityEvents'
        ? 'it needs Microsoft Purview Insider Risk Management to share its data with Microsoft Defender XDR'
        : 'it needs Microsoft Defender for Cloud Apps';
    return { kind: 'unavailable', reason: `the ${table} table is not available in this tenant (${needs})` };
  }
  if (err.status === 429 && err.retryAfterMs === undefined) {
    // Advanced hunting's CPU quota: a 429 with no Retry-After, reset every 15 minutes (Graph's
    // runHuntingQuery limits). Not retried here: the analyst presses again once it has reset.
    return { kind: 'quota', reason: HUNTING_QUOTA_REASON };
  }
  if (err.transient) {
    const wait = err.retryAfterMs !== undefined ? ` in ${Math.ceil(err.retryAfterMs / 1000)} s` : ' later';
    return {
      kind: 'transient',
      reason: `advanced hunting is busy or unreachable (${err.reason}): try again${wait}`,
    };
  }
  return { kind: 'failed', reason: `the ${table} query failed: ${err.message}` };
}

/** One plain sentence from the tables' outcomes. */
function explain(outcomes: TableOutcome[], t: HuntingTarget): string {
  const empty = outcomes.filter((x) => x.kind === 'empty');
  const others = outcomes.filter((x) => x.kind !== 'empty').map((x) => x.reason ?? 'no data');
  const parts = [...new Set(others)];
  if (empty.length > 0 || parts.length === 0) {
    parts.push(`no DLP rule-match rows for ${who(t)} between ${short(t.from)} and ${short(t.to)}`);
  }
  return parts.join('; ');
}

function who(t: HuntingTarget): string {
  const all = [...t.upns, ...t.objectIds];
  return all.length > 1 ? `${all[0]} (+${all.length - 1} more)` : (all[0] ?? 'the user');
}

function short(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

function found(
  log: Logger,
  dlpAlertId: string,
  source: SensitiveInfoSource,
  x: Pick<TableOutcome, 'types' | 'rows' | 'workloads'>,
): SensitiveInfoResult {
  // Counts only: the types are shown on the card, never logged (and carry no detected values anyway).
  log.info({ source, types: x.types.length, rows: x.rows }, 'sensitive info types found');
  const workloads = x.workloads ?? [];
  return { dlpAlertId, source, types: x.types, ...(workloads.length > 0 ? { workloads } : {}) };
}
