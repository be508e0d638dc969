import { OtelBackend, otelName, ServiceMetrics, type MetricsBackend, type OtelMeter } from '../../../src/ops';
import { capturedLogger } from './logCapture';

/** The value of one series in Prometheus text, or undefined when absent. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const scrape = async (m: ServiceMetrics): Promise<string> => (await m.scrape()).body;

describe('the Prometheus metrics', () => {
  it('exports the counters at zero before anything happens, and no gauge nobody registered', async () => {
    const body = await scrape(new ServiceMetrics());
    expect(body).not.toContain('dlpbot_certificate_not_after_seconds ');
    expect(sample(body, 'dlpbot_poll_cycles_total{result="ok"}')).toBe(0);
    expect(sample(body, 'dlpbot_poll_cycles_total{result="failed"}')).toBe(0);
    expect(sample(body, 'dlpbot_cards_total{event="posted"}')).toBe(0);
    expect(sample(body, 'dlpbot_subscriptions_pruned_total')).toBe(0);
  });

  it('counts poll cycles by result, their duration and the alerts read', async () => {
    const m = new ServiceMetrics();
    m.pollCycle({ ok: true, durationMs: 1200, alerts: 7 });
    m.pollCycle({ ok: true, durationMs: 300, alerts: 2 });
    m.pollCycle({ ok: false, durationMs: 50, alerts: 0 });
    const body = await scrape(m);
    expect(sample(body, 'dlpbot_poll_cycles_total{result="ok"}')).toBe(2);
    expect(sample(body, 'dlpbot_poll_cycles_total{result="failed"}')).toBe(1);
    expect(sample(body, 'dlpbot_alerts_read_total')).toBe(9);
    expect(sample(body, 'dlpbot_poll_cycle_duration_seconds_count{result="ok"}')).toBe(2);
    expect(sample(body, 'dlpbot_poll_cycle_duration_seconds_sum{result="ok"}')).toBeCloseTo(1.5);
    expect(sample(body, 'dlpbot_poll_cycle_duration_seconds_bucket{le="0.5",result="ok"}')).toBe(1);
  });

  it('counts new correlations and the Defender alerts correlated for the first time', async () => {
    const m = new ServiceMetrics();
    const match = (id: string) => ({ dlpAlertId: id }) as never;
    m.correlations([
      {
        type: 'correlated',
        defenderAlertId: 'd1',
        newMatches: [match('x'), match('y')],
        matches: [],
        first: true,
      },
      { type: 'correlated', defenderAlertId: 'd2', newMatches: [match('z')], matches: [], first: false },
      { type: 'alertChanged', alertId: 'd3', fields: [] },
    ]);
    const body = await scrape(m);
    expect(sample(body, 'dlpbot_correlations_total')).toBe(3);
    expect(sample(body, 'dlpbot_correlated_alerts_total')).toBe(1);
  });

  it('counts card events and pruned subscriptions', async () => {
    const m = new ServiceMetrics();
    for (const e of ['posted', 'posted', 'updated', 'replied', 'digested', 'pruned'] as const)
      m.notifyEvent(e);
    const body = await scrape(m);
    expect(sample(body, 'dlpbot_cards_total{event="posted"}')).toBe(2);
    expect(sample(body, 'dlpbot_cards_total{event="updated"}')).toBe(1);
    expect(sample(body, 'dlpbot_cards_total{event="replied"}')).toBe(1);
    expect(sample(body, 'dlpbot_cards_total{event="digested"}')).toBe(1);
    expect(sample(body, 'dlpbot_subscriptions_pruned_total')).toBe(1);
  });

  it('counts Graph requests by operation and status, with latency and throttles', async () => {
    const m = new ServiceMetrics();
    const e = { requestId: 'r', attempts: 1, throttled: false };
    m.graphRequest({ ...e, operation: 'listAlerts', status: 200, durationMs: 80 });
    m.graphRequest({
      ...e,
      operation: 'listAlerts',
      status: 200,
      durationMs: 3100,
      throttled: true,
      attempts: 2,
    });
    m.graphRequest({ ...e, operation: 'addComment', status: 403, durationMs: 40 });
    const body = await scrape(m);
    expect(sample(body, 'dlpbot_graph_requests_total{operation="listAlerts",status="200"}')).toBe(2);
    expect(sample(body, 'dlpbot_graph_requests_total{operation="addComment",status="403"}')).toBe(1);
    expect(sample(body, 'dlpbot_graph_throttled_total{operation="listAlerts"}')).toBe(1);
    expect(sample(body, 'dlpbot_graph_request_duration_seconds_count{operation="listAlerts"}')).toBe(2);
    expect(
      sample(body, 'dlpbot_graph_request_duration_seconds_bucket{le="0.1",operation="listAlerts"}'),
    ).toBe(1);
  });

  it('counts Teams send attempts by kind and status, with latency and 429s', async () => {
    const m = new ServiceMetrics();
    m.teamsSend({ kind: 'send', status: 429, durationMs: 10 });
    m.teamsSend({ kind: 'send', status: 200, durationMs: 120 });
    m.teamsSend({ kind: 'update', status: 200, durationMs: 90 });
    const body = await scrape(m);
    expect(sample(body, 'dlpbot_teams_sends_total{kind="send",status="200"}')).toBe(1);
    expect(sample(body, 'dlpbot_teams_sends_total{kind="send",status="429"}')).toBe(1);
    expect(sample(body, 'dlpbot_teams_throttled_total{kind="send"}')).toBe(1);
    expect(sample(body, 'dlpbot_teams_send_duration_seconds_count{kind="update"}')).toBe(1);
  });

  it('counts actions by name and result, folding unknown names into "other"', async () => {
    const m = new ServiceMetrics();
    m.action('alert.enrich', 'ok');
    m.action('alert.enrich', 'refused');
    m.action('/comment', 'failed');
    m.action('<script>', 'ok');
    const body = await scrape(m);
    expect(sample(body, 'dlpbot_actions_total{action="alert.enrich",result="ok"}')).toBe(1);
    expect(sample(body, 'dlpbot_actions_total{action="alert.enrich",result="refused"}')).toBe(1);
    expect(sample(body, 'dlpbot_actions_total{action="/comment",result="failed"}')).toBe(1);
    expect(sample(body, 'dlpbot_actions_total{action="other",result="ok"}')).toBe(1);
  });

  it('reads the gauges when scraped (0 for a timestamp not known yet)', async () => {
    const m = new ServiceMetrics();
    let leader = true;
    m.observe({
      features: () => ({ alerts: { ready: true }, actions: { ready: false } }),
      certificateNotAfter: () => Date.parse('2026-12-01T00:00:00Z'),
      isLeader: () => leader,
      outboxPending: () => 3,
      trackedAlerts: () => 42,
      lastPollSuccess: () => undefined,
    });
    let body = await scrape(m);
    expect(sample(body, 'dlpbot_feature_ready{feature="alerts"}')).toBe(1);
    expect(sample(body, 'dlpbot_feature_ready{feature="actions"}')).toBe(0);
    expect(sample(body, 'dlpbot_certificate_not_after_seconds')).toBe(
      Date.parse('2026-12-01T00:00:00Z') / 1000,
    );
    expect(sample(body, 'dlpbot_leader')).toBe(1);
    expect(sample(body, 'dlpbot_outbox_pending')).toBe(3);
    expect(sample(body, 'dlpbot_tracked_alerts')).toBe(42);
    expect(sample(body, 'dlpbot_poll_last_success_timestamp_seconds')).toBe(0);
    leader = false;
    body = await scrape(m);
    expect(sample(body, 'dlpbot_leader')).toBe(0);
  });

  it('labels the poll gauges by tenant when given one reading per tenant', async () => {
    const m = new ServiceMetrics();
    m.observe({
      trackedAlerts: () => [
        { tenant: 'contoso', value: 7 },
        { tenant: 'fabrikam', value: 0 },
      ],
      lastPollSuccess: () => [
        { tenant: 'contoso', value: Date.parse('2026-12-07T07:00:00Z') },
        { tenant: 'fabrikam', value: undefined },
      ],
    });
    const body = await scrape(m);
    expect(sample(body, 'dlpbot_tracked_alerts{tenant="contoso"}')).toBe(7);
    expect(sample(body, 'dlpbot_tracked_alerts{tenant="fabrikam"}')).toBe(0);
    expect(sample(body, 'dlpbot_poll_last_success_timestamp_seconds{tenant="contoso"}')).toBe(
      Date.parse('2026-12-07T07:00:00Z') / 1000,
    );
    expect(sample(body, 'dlpbot_poll_last_success_timestamp_seconds{tenant="fabrikam"}')).toBe(0);
  });

  it('keeps the scrape going when a gauge reader throws', async () => {
    const { logger, lines } = capturedLogger();
    const m = new ServiceMetrics({ logger });
    m.observe({
      trackedAlerts: () => 5,
      outboxPending: () => {
        throw new Error('store gone');
      },
    });
    const body = await scrape(m);
    expect(sample(body, 'dlpbot_tracked_alerts')).toBe(5);
    expect(lines().some((l) => l.msg === 'a gauge could not be read' && l.metric === 'outboxPending')).toBe(
      true,
    );
  });

  it('keeps two service instances apart (a registry each)', async () => {
    const a = new ServiceMetrics();
    const b = new ServiceMetrics();
    a.notifyEvent('posted');
    expect(sample(await scrape(a), 'dlpbot_cards_total{event="posted"}')).toBe(1);
    expect(sample(await scrape(b), 'dlpbot_cards_total{event="posted"}')).toBe(0);
  });

  it('answers in the Prometheus text format', async () => {
    const { contentType, body } = await new ServiceMetrics().scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('# HELP dlpbot_poll_cycles_total');
    expect(body).toContain('# TYPE dlpbot_graph_request_duration_seconds histogram');
  });

  it('exports the process metrics only when asked', async () => {
    expect(await scrape(new ServiceMetrics())).not.toContain('dlpbot_process_cpu_seconds_total');
    expect(await scrape(new ServiceMetrics({ processMetrics: true }))).toContain(
      'dlpbot_process_cpu_seconds_total',
    );
  });
});

/** An OpenTelemetry meter that records what it is given. */
function fakeMeter() {
  const events: Array<{ name: string; value: number; attributes?: Record<string, string> }> = [];
  const instruments: Array<{ kind: string; name: string; unit?: string }> = [];
  const callbacks: Array<(r: { observe(v: number, a?: Record<string, string>): void }) => void> = [];
  const meter: OtelMeter = {
    createCounter: (name, o) => (
      instruments.push({ kind: 'counter', name, unit: o?.unit }),
      {
        add: (value, attributes) => events.push({ name, value, attributes }),
      }
    ),
    createHistogram: (name, o) => (
      instruments.push({ kind: 'histogram', name, unit: o?.unit }),
      {
        record: (value, attributes) => events.push({ name, value, attributes }),
      }
    ),
    createObservableGauge: (name) => (
      instruments.push({ kind: 'gauge', name }),
      {
        addCallback: (cb) =>
          callbacks.push((r) =>
            cb({ observe: (v, a) => (events.push({ name, value: v, attributes: a }), r.observe(v, a)) }),
          ),
      }
    ),
  };
  const collect = (): void => callbacks.forEach((cb) => cb({ observe: () => undefined }));
  return { meter, events, instruments, collect };
}

describe('the OpenTelemetry bridge', () => {
  it('names the instruments after the Prometheus metrics', () => {
    expect(otelName('dlpbot_graph_request_duration_seconds')).toEqual({
      name: 'dlpbot.graph.request.duration',
      unit: 's',
    });
    expect(otelName('dlpbot_cards_total')).toEqual({ name: 'dlpbot.cards' });
  });

  it('receives the same events as /metrics once attached, gauges included', () => {
    const fake = fakeMeter();
    const m = new ServiceMetrics();
    m.observe({ trackedAlerts: () => 4 });
    m.attach(new OtelBackend(fake.meter));
    m.notifyEvent('posted');
    m.graphRequest({
      operation: 'getAlert',
      status: 200,
      durationMs: 250,
      requestId: 'r',
      throttled: false,
      attempts: 1,
    });
    fake.collect();
    expect(fake.events).toEqual([
      { name: 'dlpbot.cards', value: 1, attributes: { event: 'posted' } },
      { name: 'dlpbot.graph.requests', value: 1, attributes: { operation: 'getAlert', status: '200' } },
      { name: 'dlpbot.graph.request.duration', value: 0.25, attributes: { operation: 'getAlert' } },
      { name: 'dlpbot.tracked.alerts', value: 4, attributes: {} },
    ]);
    expect(fake.instruments.find((i) => i.name === 'dlpbot.poll.cycle.duration')).toEqual({
      kind: 'histogram',
      name: 'dlpbot.poll.cycle.duration',
      unit: 's',
    });
  });

  it('never lets a failing exporter fail the caller (a Graph call, a Teams send)', async () => {
    const { logger, lines } = capturedLogger();
    const m = new ServiceMetrics({ logger });
    const broken: MetricsBackend = {
      add: () => {
        throw new Error('exporter down');
      },
      record: () => undefined,
      observe: () => undefined,
    };
    m.attach(broken);
    expect(() => m.notifyEvent('posted')).not.toThrow();
    expect(() => m.notifyEvent('posted')).not.toThrow();
    expect(sample(await scrape(m), 'dlpbot_cards_total{event="posted"}')).toBe(2);
    expect(
      lines().filter((l) => l.msg === 'a metrics backend failed (its later failures are not logged)'),
    ).toHaveLength(1);
  });
});
