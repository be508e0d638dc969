/** The bot's metrics: one table of definitions, a Prometheus registry per service, an OpenTelemetry bridge. */
export { ServiceMetrics } from './serviceMetrics';
export type { GaugeSources, SendEvent, ServiceMetricsOptions } from './serviceMetrics';
export { METRICS, CARD_EVENTS } from './definitions';
export type { GaugeSample, Labels, MetricDef, MetricId, MetricsBackend } from './definitions';
export { PrometheusBackend } from './prometheus';
export type { PrometheusOptions } from './prometheus';
export { OtelBackend, otelName } from './otel';
export type { OtelAttributes, OtelMeter } from './otel';
export { startAzureMonitor, loadAzureMonitorModules, AZURE_MONITOR_PACKAGES } from './azureMonitor';
export type { AzureMonitorExport, AzureMonitorModules } from './azureMonitor';
