import { correlateBatch, type CorrelationMatch } from '../src/correlation';
import { classifyAlert, DEFAULT_DEFENDER_SOURCES, type SecurityAlert } from '../src/model';

/** One row of the dry run: a Defender alert and one correlated DLP alert, with the explanation. */
export interface DryRunRow {
  defenderAlertId: string;
  defenderTitle: string;
  severity: string;
  dlpAlertId: string;
  dlpTitle: string;
  via: CorrelationMatch['via'];
  identity: string;
  deltaMinutes: number;
  windowMinutes: number;
}

/** What the dry run takes from the configuration. */
export interface DryRunOptions {
  /** DEFENDER_SOURCES. Default: Defender XDR's own sources. */
  defenderSources?: readonly string[];
  /** MAX_ALERTS_PER_IDENTITY. Default 50. */
  maxAlertsPerIdentity?: number;
}

/**
 * Correlates a listing as the poller would (batch form, the same DEFENDER_SOURCES classification) and
 * explains each match. Pure.
 */
export function dryRun(
  alerts: readonly SecurityAlert[],
  windowMs: number,
  o: DryRunOptions = {},
): DryRunRow[] {
  const { defenderSources = DEFAULT_DEFENDER_SOURCES, maxAlertsPerIdentity } = o;
  const set = new Set(defenderSources);
  const kinds = alerts.map((a) => classifyAlert(a, set).kind);
  const defender = alerts.filter((_, i) => kinds[i] === 'defender');
  const dlp = alerts.filter((_, i) => kinds[i] === 'dlp');
  const byId = new Map(alerts.map((a) => [a.id, a]));
  return correlateBatch(defender, dlp, windowMs, maxAlertsPerIdentity)
    .map((m) => ({
      defenderAlertId: m.defenderAlertId,
      defenderTitle: byId.get(m.defenderAlertId)?.title ?? '',
      severity: byId.get(m.defenderAlertId)?.severity ?? 'unknown',
      dlpAlertId: m.dlpAlertId,
      dlpTitle: byId.get(m.dlpAlertId)?.title ?? '',
      via: m.via,
      identity:
        m.via === 'incident'
          ? m.identity?.shared
            ? `same Defender incident (also shares ${m.identity.display}: a shared identity, weak evidence)`
            : 'same Defender incident'
          : `${m.identity?.kind ?? '?'} ${m.identity?.display ?? ''}`.trim(),
      deltaMinutes: Math.round(m.deltaMs / 60_000),
      windowMinutes: Math.round(m.windowMs / 60_000),
    }))
    .sort((a, b) =>
      a.defenderAlertId < b.defenderAlertId
        ? -1
        : a.defenderAlertId > b.defenderAlertId
          ? 1
          : a.deltaMinutes - b.deltaMinutes,
    );
}

/** A fixed-width text table of the rows, one Defender alert heading per group. */
export function formatDryRun(rows: readonly DryRunRow[]): string {
  const out: string[] = [];
  let current = '';
  for (const r of rows) {
    if (r.defenderAlertId !== current) {
      current = r.defenderAlertId;
      out.push(
        '',
        `${r.severity.toUpperCase().padEnd(6)} ${r.defenderAlertId}  ${oneLine(r.defenderTitle, 90)}`,
      );
    }
    const delta = `${r.deltaMinutes >= 0 ? '+' : ''}${r.deltaMinutes} min`.padStart(9);
    out.push(`  ${delta}  ${oneLine(r.dlpTitle, 70).padEnd(70)}  ${r.identity} (±${r.windowMinutes} min)`);
  }
  const defenders = new Set(rows.map((r) => r.defenderAlertId)).size;
  out.push(
    '',
    `${defenders} Defender alert(s) would get a card, with ${rows.length} correlated DLP alert(s). Nothing was posted.`,
  );
  return out.join('\n');
}

function oneLine(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
