import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRICS, type GaugeSample, type Labels, type MetricId, type MetricsBackend } from './definitions';

/** Options of `PrometheusBackend`. */
export interface PrometheusOptions {
  /** Also export Node's process metrics (CPU, memory, event loop lag, GC). Default false. */
  processMetrics?: boolean;
}

type Instrument = Counter<string> | Histogram<string> | Gauge<string>;

/**
 * The metrics in a registry of their own (never prom-client's global default), so several service
 * instances in one process (tests, the demo) each export only their own counts.
 */
export class PrometheusBackend implements MetricsBackend {
  readonly registry = new Registry();
  private readonly instruments = new Map<MetricId, Instrument>();
  private readonly gauges = new Map<MetricId, () => GaugeSample[]>();

  constructor(o: PrometheusOptions = {}) {
    for (const id of Object.keys(METRICS) as MetricId[])
      if (METRICS[id].kind !== 'gauge') this.instruments.set(id, this.create(id));
    if (o.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'dlpbot_' });
  }

  add(id: MetricId, labels: Labels, value: number): void {
    (this.instruments.get(id) as Counter<string>).inc(labels, value);
  }

  record(id: MetricId, labels: Labels, value: number): void {
    (this.instruments.get(id) as Histogram<string>).observe(labels, value);
  }

  /** Gauges exist only once observed: a label-less gauge nobody reads would still export a 0. */
  observe(id: MetricId, read: () => GaugeSample[]): void {
    this.gauges.set(id, read);
    if (!this.instruments.has(id)) this.instruments.set(id, this.create(id));
  }

  /** The `/metrics` answer: the text exposition format. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private create(id: MetricId): Instrument {
    const def = METRICS[id];
    const base = { name: def.name, help: def.help, labelNames: [...def.labels], registers: [this.registry] };
    if (def.kind === 'histogram') return new Histogram({ ...base, buckets: [...(def.buckets ?? [])] });
    if (def.kind === 'gauge') {
      const gauges = this.gauges;
      return new Gauge({
        ...base,
        collect() {
          this.reset();
          for (const s of gauges.get(id)?.() ?? []) this.set(s.labels, s.value);
        },
      });
    }
    const counter = new Counter(base);
    for (const labels of 'zeroes' in def ? def.zeroes : []) counter.inc(labels, 0);
    return counter;
  }
}
