/**
 * Every metric the bot exports, in ONE table: the Prometheus registry and the OpenTelemetry bridge are
 * both built from it, so /metrics and Azure Monitor always carry the same series. Durations are seconds
 * (Prometheus base unit).
 */

/** Label values of one series. */
export type Labels = Readonly<Record<string, string>>;

/** One metric: a counter, a histogram, or a gauge read when scraped. */
export interface MetricDef {
  kind: 'counter' | 'histogram' | 'gauge';
  /** Prometheus name (`dlpbot_…`, counters end in `_total`). */
  name: string;
  help: string;
  labels: readonly string[];
  /** Histogram bucket bounds, seconds. */
  buckets?: readonly number[];
  /** Series exported at zero before anything happens, so dashboards and alerts see them from the start. */
  zeroes?: readonly Labels[];
}

const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
const CYCLE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;

/** The notifier's card events (`NotifyEvent` without `pruned`, which has its own counter). */
export const CARD_EVENTS = ['posted', 'updated', 'replied', 'digested', 'snoozed', 'recovered'] as const;

export const METRICS = {
  pollCycles: {
    kind: 'counter',
    name: 'dlpbot_poll_cycles_total',
    help: 'Poll cycles of Graph alerts_v2, by result (ok, failed).',
    labels: ['result'],
    zeroes: [{ result: 'ok' }, { result: 'failed' }],
  },
  pollDuration: {
    kind: 'histogram',
    name: 'dlpbot_poll_cycle_duration_seconds',
    help: 'Duration of a poll cycle (all pages, correlation, the store batch), by result.',
    labels: ['result'],
    buckets: CYCLE_BUCKETS,
  },
  alertsRead: {
    kind: 'counter',
    name: 'dlpbot_alerts_read_total',
    help: 'Alerts read from Graph by successful poll cycles (re-reads of the overlap included).',
    labels: [],
    zeroes: [{}],
  },
  unclassifiedAlerts: {
    kind: 'counter',
    name: 'dlpbot_alerts_unclassified_total',
    help: 'Alerts left out of correlation because neither serviceSource, detectionSource nor productName names a known source (each alert counted once).',
    labels: [],
    zeroes: [{}],
  },
  correlations: {
    kind: 'counter',
    name: 'dlpbot_correlations_total',
    help: 'New (Defender alert, DLP alert) correlations found.',
    labels: [],
    zeroes: [{}],
  },
  correlatedAlerts: {
    kind: 'counter',
    name: 'dlpbot_correlated_alerts_total',
    help: 'Defender alerts correlated for the first time (each gets a card).',
    labels: [],
    zeroes: [{}],
  },
  cards: {
    kind: 'counter',
    name: 'dlpbot_cards_total',
    help: 'Alert card deliveries by event: posted (root card), updated (in place), replied (thread), digested, snoozed (held by a snooze).',
    labels: ['event'],
    zeroes: CARD_EVENTS.map((event) => ({ event })),
  },
  subscriptionsPruned: {
    kind: 'counter',
    name: 'dlpbot_subscriptions_pruned_total',
    help: 'Subscriptions removed because Teams answered 403/404 (the bot was removed from the channel).',
    labels: [],
    zeroes: [{}],
  },
  unroutedSensitive: {
    kind: 'counter',
    name: 'dlpbot_unrouted_sensitive_total',
    help: 'Sensitive correlations (Insider Risk, a sensitive or undetermined DLP policy) that no conversation could show because no sensitive route exists; once per alert.',
    labels: [],
    zeroes: [{}],
  },
  actions: {
    kind: 'counter',
    name: 'dlpbot_actions_total',
    help: 'Analyst actions (card verbs and slash commands) by action and result (ok, unchanged, refused, failed).',
    labels: ['action', 'result'],
  },
  graphRequests: {
    kind: 'counter',
    name: 'dlpbot_graph_requests_total',
    help: 'Microsoft Graph requests by operation and final HTTP status (0: no answer), after retries.',
    labels: ['operation', 'status'],
  },
  graphDuration: {
    kind: 'histogram',
    name: 'dlpbot_graph_request_duration_seconds',
    help: 'Microsoft Graph request latency including retries, by operation.',
    labels: ['operation'],
    buckets: LATENCY_BUCKETS,
  },
  graphThrottled: {
    kind: 'counter',
    name: 'dlpbot_graph_throttled_total',
    help: 'Microsoft Graph requests that were answered 429 at least once, by operation.',
    labels: ['operation'],
  },
  teamsSends: {
    kind: 'counter',
    name: 'dlpbot_teams_sends_total',
    help: 'Bot Connector attempts by kind (send, reply, update) and HTTP status (0: no answer).',
    labels: ['kind', 'status'],
  },
  teamsDuration: {
    kind: 'histogram',
    name: 'dlpbot_teams_send_duration_seconds',
    help: 'Bot Connector attempt latency, by kind.',
    labels: ['kind'],
    buckets: LATENCY_BUCKETS,
  },
  teamsThrottled: {
    kind: 'counter',
    name: 'dlpbot_teams_throttled_total',
    help: 'Bot Connector attempts answered 429, by kind.',
    labels: ['kind'],
  },
  featureReady: {
    kind: 'gauge',
    name: 'dlpbot_feature_ready',
    help: '1 when the Graph token grants the feature its permission, else 0.',
    labels: ['feature'],
  },
  certificateNotAfter: {
    kind: 'gauge',
    name: 'dlpbot_certificate_not_after_seconds',
    help: 'Expiry of the Graph client certificate, Unix time (only with AZURE_CLIENT_CERTIFICATE_PATH).',
    labels: [],
  },
  leader: {
    kind: 'gauge',
    name: 'dlpbot_leader',
    help: '1 when this replica leads (polls and posts), else 0.',
    labels: [],
  },
  outboxPending: {
    kind: 'gauge',
    name: 'dlpbot_outbox_pending',
    help: 'Outbox entries seen in the last notifier round (leader only).',
    labels: [],
  },
  trackedAlerts: {
    kind: 'gauge',
    name: 'dlpbot_tracked_alerts',
    help: 'Alerts held by the correlation state (with TENANTS_FILE: per tenant polled by this replica).',
    labels: ['tenant'],
  },
  lastPollSuccess: {
    kind: 'gauge',
    name: 'dlpbot_poll_last_success_timestamp_seconds',
    help: 'When a poll cycle last succeeded, Unix time; 0 before the first (with TENANTS_FILE: per tenant polled by this replica).',
    labels: ['tenant'],
  },
} as const satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof METRICS;

/** One gauge reading. */
export interface GaugeSample {
  labels: Labels;
  value: number;
}

/** Where metric values go: the Prometheus registry, or an OpenTelemetry meter. */
export interface MetricsBackend {
  /** Adds `value` to a counter series. */
  add(id: MetricId, labels: Labels, value: number): void;
  /** Records one histogram observation. */
  record(id: MetricId, labels: Labels, value: number): void;
  /** Registers a gauge read at collection time. */
  observe(id: MetricId, read: () => GaugeSample[]): void;
}
