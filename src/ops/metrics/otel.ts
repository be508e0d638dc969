import { METRICS, type GaugeSample, type Labels, type MetricId, type MetricsBackend } from './definitions';

/** Attribute values as OpenTelemetry takes them. */
export type OtelAttributes = Record<string, string>;

/**
 * The part of an OpenTelemetry `Meter` (`@opentelemetry/api` 1.x, `metrics.getMeter(name)`) the bridge
 * uses. Declared here structurally: the OpenTelemetry packages are not dependencies of the bot (see
 * `azureMonitor.ts`), and any real meter fits.
 */
export interface OtelMeter {
  createCounter(
    name: string,
    options?: { description?: string; unit?: string },
  ): { add(value: number, attributes?: OtelAttributes): void };
  createHistogram(
    name: string,
    options?: { description?: string; unit?: string; advice?: { explicitBucketBoundaries?: number[] } },
  ): { record(value: number, attributes?: OtelAttributes): void };
  createObservableGauge(
    name: string,
    options?: { description?: string; unit?: string },
  ): {
    addCallback(
      callback: (result: { observe(value: number, attributes?: OtelAttributes): void }) => void,
    ): void;
  };
}

/** `dlpbot_graph_request_duration_seconds` → `dlpbot.graph.request.duration` (unit `s`). */
export function otelName(prometheusName: string): { name: string; unit?: string } {
  const seconds = prometheusName.endsWith('_seconds');
  const base = prometheusName.replace(/_total$/, '').replace(/_seconds$/, '');
  return { name: base.split('_').join('.'), ...(seconds ? { unit: 's' } : {}) };
}

/**
 * The same metrics as /metrics, through an OpenTelemetry meter (to Azure Monitor when the distro is
 * installed). Counters and histograms are forwarded as they happen; gauges are observed when the SDK
 * collects.
 */
export class OtelBackend implements MetricsBackend {
  private readonly counters = new Map<MetricId, ReturnType<OtelMeter['createCounter']>>();
  private readonly histograms = new Map<MetricId, ReturnType<OtelMeter['createHistogram']>>();

  constructor(private readonly meter: OtelMeter) {
    for (const id of Object.keys(METRICS) as MetricId[]) {
      const def = METRICS[id];
      const { name, unit } = otelName(def.name);
      const options = { description: def.help, ...(unit ? { unit } : {}) };
      if (def.kind === 'counter') this.counters.set(id, meter.createCounter(name, options));
      if (def.kind === 'histogram')
        this.histograms.set(
          id,
          meter.createHistogram(name, {
            ...options,
            advice: { explicitBucketBoundaries: [...(def.buckets ?? [])] },
          }),
        );
    }
  }

  add(id: MetricId, labels: Labels, value: number): void {
    this.counters.get(id)?.add(value, { ...labels });
  }

  record(id: MetricId, labels: Labels, value: number): void {
    this.histograms.get(id)?.record(value, { ...labels });
  }

  observe(id: MetricId, read: () => GaugeSample[]): void {
    const { name, unit } = otelName(METRICS[id].name);
    const gauge = this.meter.createObservableGauge(name, {
      description: METRICS[id].help,
      ...(unit ? { unit } : {}),
    });
    gauge.addCallback((result) => {
      for (const s of read()) result.observe(s.value, { ...s.labels });
    });
  }
}
