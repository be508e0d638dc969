import { ALL_VERBS } from '../../cards';
import type { CorrelationChange } from '../../correlation';
import { errorMessage } from '../../errors';
import type { GraphRequestEvent } from '../../graph';
import type { Logger } from '../../log';
import type { NotifyEvent, SendKind } from '../../notify';
import {
  CARD_EVENTS,
  type GaugeSample,
  type Labels,
  type MetricId,
  type MetricsBackend,
} from './definitions';
import { PrometheusBackend, type PrometheusOptions } from './prometheus';

/** What the gauges read when collected. Every reader is optional. */
export interface GaugeSources {
  /** Feature → ready (the permission self-check). */
  features?: () => Record<string, { ready: boolean }>;
  /** Certificate expiry, ms since the epoch; undefined without a certificate. */
  certificateNotAfter?: () => number | undefined;
  isLeader?: () => boolean;
  outboxPending?: () => number | undefined;
  /** A number, or one per tenant polled here (TENANTS_FILE: the series carry a `tenant` label). */
  trackedAlerts?: () => number | PerTenant[];
  /** When a poll cycle last succeeded, ms since the epoch; or one per tenant polled here. */
  lastPollSuccess?: () => number | undefined | PerTenant[];
}

/** One tenant's reading of a gauge; undefined: not known yet (a timestamp then reads 0). */
export interface PerTenant {
  tenant: string;
  value: number | undefined;
}

/** Options of `ServiceMetrics`. */
export interface ServiceMetricsOptions extends PrometheusOptions {
  /** Where a failing gauge reader is reported (the scrape goes on without it). */
  logger?: Logger;
}

/** The Deliverer's observer argument. */
export interface SendEvent {
  kind: SendKind;
  status: number;
  durationMs: number;
}

const KNOWN_ACTIONS = new Set<string>(ALL_VERBS);
const COMMAND = /^\/[a-z][a-z-]{0,19}$/;

/**
 * The bot's telemetry, one instance per service: hooks shaped for the places that report (the poller's
 * `onCycle`, the notifier's `onEvent`, the Graph client's `onRequest`, the Deliverer's `SendObserver`,
 * the audit log), fanned out to the Prometheus registry behind `/metrics` and to any attached backend
 * (OpenTelemetry → Azure Monitor). Hooks are arrow properties: pass them as they are.
 */
export class ServiceMetrics {
  private readonly prometheus: PrometheusBackend;
  private readonly backends: MetricsBackend[];
  private readonly gauges: Array<[MetricId, () => GaugeSample[]]> = [];
  private readonly broken = new Set<MetricsBackend>();

  constructor(private readonly o: ServiceMetricsOptions = {}) {
    this.prometheus = new PrometheusBackend(o);
    this.backends = [this.prometheus];
  }

  /** Sends everything from now on to `backend` as well (gauges included). */
  attach(backend: MetricsBackend): void {
    this.backends.push(backend);
    for (const [id, read] of this.gauges) backend.observe(id, read);
  }

  /** The `/metrics` answer (Prometheus text format). */
  scrape(): Promise<{ contentType: string; body: string }> {
    return this.prometheus.scrape();
  }

  readonly pollCycle = (r: { ok: boolean; durationMs: number; alerts: number }): void => {
    const result = r.ok ? 'ok' : 'failed';
    this.add('pollCycles', { result });
    this.record('pollDuration', { result }, r.durationMs / 1000);
    if (r.ok) this.add('alertsRead', {}, r.alerts);
  };

  /** An alert no field classifies as DLP or Defender (once per alert id; see `alertSelector`). */
  readonly unclassifiedAlert = (): void => {
    this.add('unclassifiedAlerts', {});
  };

  /** A poll cycle's changes, once they are durable (the poller's `afterHandoff`). */
  readonly correlations = (changes: readonly CorrelationChange[]): void => {
    let pairs = 0;
    let firsts = 0;
    for (const c of changes) {
      if (c.type !== 'correlated') continue;
      pairs += c.newMatches.length;
      if (c.first) firsts++;
    }
    if (pairs) this.add('correlations', {}, pairs);
    if (firsts) this.add('correlatedAlerts', {}, firsts);
  };

  readonly notifyEvent = (e: NotifyEvent): void => {
    if (e === 'pruned') this.add('subscriptionsPruned', {});
    else if (e === 'unrouted') this.add('unroutedSensitive', {});
    else if ((CARD_EVENTS as readonly string[]).includes(e)) this.add('cards', { event: e });
  };

  readonly graphRequest = (e: GraphRequestEvent): void => {
    this.add('graphRequests', { operation: e.operation, status: String(e.status) });
    this.record('graphDuration', { operation: e.operation }, e.durationMs / 1000);
    if (e.throttled) this.add('graphThrottled', { operation: e.operation });
  };

  readonly teamsSend = (e: SendEvent): void => {
    this.add('teamsSends', { kind: e.kind, status: String(e.status) });
    this.record('teamsDuration', { kind: e.kind }, e.durationMs / 1000);
    if (e.status === 429) this.add('teamsThrottled', { kind: e.kind });
  };

  /** One audit entry: card verbs and `/commands` keep their name, anything else is `other`. */
  readonly action = (action: string, result: string): void => {
    const name = KNOWN_ACTIONS.has(action) || COMMAND.test(action) ? action : 'other';
    this.add('actions', { action: name, result });
  };

  /** Registers the gauges' readers (call once). */
  observe(s: GaugeSources): void {
    const one = (v: number | undefined): GaugeSample[] => (v === undefined ? [] : [{ labels: {}, value: v }]);
    const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? ms : ms / 1000);
    if (s.features)
      this.gauge('featureReady', () =>
        Object.entries(s.features!()).map(([feature, f]) => ({
          labels: { feature },
          value: f.ready ? 1 : 0,
        })),
      );
    if (s.certificateNotAfter)
      this.gauge('certificateNotAfter', () => one(seconds(s.certificateNotAfter!())));
    if (s.isLeader) this.gauge('leader', () => one(s.isLeader!() ? 1 : 0));
    if (s.outboxPending) this.gauge('outboxPending', () => one(s.outboxPending!()));
    const perTenant = (list: PerTenant[], scale = 1): GaugeSample[] =>
      list.map((t) => ({ labels: { tenant: t.tenant }, value: t.value === undefined ? 0 : t.value / scale }));
    if (s.trackedAlerts) {
      this.gauge('trackedAlerts', () => {
        const v = s.trackedAlerts!();
        return Array.isArray(v) ? perTenant(v) : one(v);
      });
    }
    if (s.lastPollSuccess) {
      this.gauge('lastPollSuccess', () => {
        const v = s.lastPollSuccess!();
        return Array.isArray(v) ? perTenant(v, 1000) : one(seconds(v) ?? 0);
      });
    }
  }

  private gauge(id: MetricId, read: () => GaugeSample[]): void {
    const safe = (): GaugeSample[] => {
      try {
        return read();
      } catch (err) {
        // A broken reader loses its own gauge, never the whole scrape.
        this.o.logger?.warn({ metric: id, err: errorMessage(err) }, 'a gauge could not be read');
        return [];
      }
    };
    this.gauges.push([id, safe]);
    for (const b of this.backends) b.observe(id, safe);
  }

  private add(id: MetricId, labels: Labels, value = 1): void {
    for (const b of this.backends) this.safely(b, id, () => b.add(id, labels, value));
  }

  private record(id: MetricId, labels: Labels, value: number): void {
    for (const b of this.backends) this.safely(b, id, () => b.record(id, labels, value));
  }

  /**
   * Hooks run inside the poller, the Graph client and the Deliverer: a failing exporter must never fail
   * a poll or a Teams send. Reported once per backend, then counted silently.
   */
  private safely(backend: MetricsBackend, id: MetricId, call: () => void): void {
    try {
      call();
    } catch (err) {
      if (this.broken.has(backend)) return;
      this.broken.add(backend);
      this.o.logger?.error(
        { metric: id, err: errorMessage(err) },
        'a metrics backend failed (its later failures are not logged)',
      );
    }
  }
}
