import type { AlertCardView, CardTenant, DlpMatchView, FeatureAvailability, ResolutionView } from '../cards';
import type { TrackedAlert } from '../correlation';
import type { CardRecord } from '../records';

const USER_KINDS = new Set(['upn', 'aadUserId', 'mailbox', 'account']);

export interface AlertViewOptions {
  features?: FeatureAvailability;
  /** An extra https host links may point at (the simulator's), besides security.microsoft.com. */
  allowedUrlHost?: string;
  /** Whose alert it is (named on the card when `shown`, carried by every action, `tid=` on links). */
  tenant?: CardTenant;
}

/**
 * The living card's view of one correlated Defender alert, from the tracked records (pure). Users are
 * listed before object ids; the DLP list carries each match's explanation.
 */
export function alertCardView(
  defender: TrackedAlert,
  dlpById: ReadonlyMap<string, TrackedAlert>,
  record: CardRecord | undefined,
  options: AlertViewOptions = {},
): AlertCardView {
  return {
    alert: {
      id: defender.id,
      title: defender.title,
      severity: defender.severity,
      status: defender.status,
      classification: defender.classification,
      determination: defender.determination,
      assignedTo: defender.assignedTo,
      serviceSource: defender.serviceSource,
      productName: defender.productName,
      createdDateTime: defender.createdDateTime,
      firstActivityDateTime: iso(defender.start),
      lastActivityDateTime: iso(defender.end),
      alertWebUrl: defender.alertWebUrl,
      incidentId: defender.incidentId,
      incidentWebUrl: defender.incidentWebUrl,
    },
    users: identityDisplays(defender, (kind) => USER_KINDS.has(kind)),
    devices: identityDisplays(defender, (kind) => kind === 'device'),
    dlp: (defender.matches ?? []).map((m): DlpMatchView => {
      const dlp = dlpById.get(m.dlpAlertId);
      return {
        dlpAlertId: m.dlpAlertId,
        title: dlp?.title ?? null,
        severity: dlp?.severity ?? null,
        activityDateTime: dlp ? iso(dlp.start) : null,
        via: m.via,
        identity: m.identity
          ? {
              kind: m.identity.kind,
              display: m.identity.display,
              key: m.identity.key,
              shared: m.identity.shared === true,
            }
          : null,
        deltaMs: m.deltaMs,
        windowMs: m.windowMs,
      };
    }),
    lastComment: defender.lastComment
      ? {
          text: defender.lastComment.comment,
          author: defender.lastComment.createdByDisplayName,
          at: defender.lastComment.createdDateTime,
        }
      : null,
    commentCount: defender.commentCount,
    lastEnriched: record?.enrichment
      ? {
          by: record.enrichment.by.upn
            ? `${record.enrichment.by.name} (${record.enrichment.by.upn})`
            : record.enrichment.by.name,
          at: record.enrichment.at,
        }
      : null,
    banner: record?.banner ? { kind: record.banner.kind, text: record.banner.text } : null,
    resolution: resolutionView(defender, record),
    features: options.features,
    cardVersion: cardVersionOf(defender),
    allowedUrlHost: options.allowedUrlHost,
    ...(options.tenant ? { tenant: options.tenant } : {}),
    snooze: { user: primaryUser(defender)?.display ?? null, detector: Boolean(defender.detectorId) },
  };
}

/**
 * Our record of the resolution, while it still describes the alert: one resolved again in the portal with
 * another classification shows Graph's values instead of a stale reason.
 */
function resolutionView(defender: TrackedAlert, record: CardRecord | undefined): ResolutionView | null {
  const r = record?.resolution;
  if (!r || defender.status !== 'resolved' || r.classification !== defender.classification) return null;
  return {
    by: r.by.upn ? `${r.by.name} (${r.by.upn})` : r.by.name,
    at: r.at,
    classification: r.classification,
    determination: r.determination ?? null,
    reason: r.reason,
  };
}

/** A number that grows with every change of the alert (seconds of its lastUpdateDateTime). */
export function cardVersionOf(alert: Pick<TrackedAlert, 'lastUpdateDateTime'>): number {
  const t = Date.parse(alert.lastUpdateDateTime);
  return Number.isFinite(t) ? Math.floor(t / 1000) : 0;
}

function identityDisplays(alert: TrackedAlert, keep: (kind: string) => boolean): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of alert.identities) {
    if (!keep(id.kind) || seen.has(id.key)) continue;
    // Object ids and domain\\name accounts only when the alert names no readable user.
    const readable = alert.identities.some((o) => o.kind === 'upn' || o.kind === 'mailbox');
    if ((id.kind === 'aadUserId' || id.kind === 'account') && readable) continue;
    seen.add(id.key);
    out.push(id.display);
  }
  return out;
}

function iso(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * The correlation's primary user, what "snooze this user" silences: shown by its most readable name (UPN,
 * mailbox, DOMAIN\\name, else the object id), matched by every user identity the alert names for it, so a
 * later alert that carries only the object id (or only the UPN) of the same person is still matched.
 */
export function primaryUser(
  defender: TrackedAlert,
): { key: string; display: string; keys: string[] } | undefined {
  const users = defender.identities.filter((i) => USER_KINDS.has(i.kind));
  const readable = (['upn', 'mailbox', 'account', 'aadUserId'] as const)
    .map((kind) => users.find((i) => i.kind === kind))
    .find((i) => i !== undefined);
  if (!readable) return undefined;
  return { key: readable.key, display: readable.display, keys: [...new Set(users.map((i) => i.key))] };
}
