import { describeFilter, matchesFilter, parseAlertFilter, parseDuration } from '../../../src/subscriptions';

const alert = (
  o: Partial<{
    severity: string;
    serviceSource: string;
    detectionSource: string;
    status: string;
    end: number;
  }> = {},
) => ({
  severity: 'medium',
  serviceSource: 'microsoftDefenderForEndpoint',
  status: 'new',
  end: 1_000_000,
  ...o,
});

describe('alert filters (/subscribe and /alerts arguments)', () => {
  it('parses severity, sources (aliases and Graph names), status and since', () => {
    const r = parseAlertFilter(
      'severity>=medium sources=endpoint,microsoftDefenderForOffice365 status=new since=24h',
      ['severity', 'sources', 'status', 'since'],
    );
    expect(r).toEqual({
      ok: true,
      filter: {
        minSeverity: 'medium',
        sources: ['microsoftDefenderForEndpoint', 'microsoftDefenderForOffice365'],
        status: 'new',
        sinceMs: 86_400_000,
      },
    });
  });

  it('treats severity>low as at least medium and refuses severity>high', () => {
    expect(parseAlertFilter('severity>low', ['severity'])).toEqual({
      ok: true,
      filter: { minSeverity: 'medium' },
    });
    expect(parseAlertFilter('severity>high', ['severity']).ok).toBe(false);
  });

  it('explains what is wrong with a bad token', () => {
    const bad = parseAlertFilter('colour=red', ['severity', 'sources']);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/severity>=medium/);
    const src = parseAlertFilter('sources=dlp', ['sources']);
    expect(src.ok).toBe(false);
    const sev = parseAlertFilter('severity>=critical', ['severity']);
    if (!sev.ok) expect(sev.error).toMatch(/informational, low, medium or high/);
  });

  it('refuses keys that the command does not take', () => {
    expect(parseAlertFilter('since=1d', ['severity', 'sources']).ok).toBe(false);
  });

  it('matches alerts by severity rank, source, status and age', () => {
    const now = 2_000_000;
    expect(matchesFilter(alert(), { minSeverity: 'medium' }, now)).toBe(true);
    expect(matchesFilter(alert({ severity: 'low' }), { minSeverity: 'medium' }, now)).toBe(false);
    expect(matchesFilter(alert({ severity: 'unknownFutureValue' }), { minSeverity: 'low' }, now)).toBe(false);
    expect(matchesFilter(alert(), { sources: ['microsoftDefenderForOffice365'] }, now)).toBe(false);
    expect(matchesFilter(alert(), { status: 'resolved' }, now)).toBe(false);
    expect(matchesFilter(alert(), { sinceMs: 500_000 }, now)).toBe(false);
    expect(matchesFilter(alert(), {}, now)).toBe(true);
  });

  it('filters on the source classification reads, so an unknownFutureValue Endpoint alert passes sources=endpoint', () => {
    const now = 2_000_000;
    const masked = alert({ serviceSource: 'unknownFutureValue', detectionSource: 'antivirus' });
    expect(matchesFilter(masked, { sources: ['microsoftDefenderForEndpoint'] }, now)).toBe(true);
    expect(matchesFilter(masked, { sources: ['microsoftDefenderForOffice365'] }, now)).toBe(false);
  });

  it('parses durations up to 30 days', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('31d')).toBeUndefined();
    expect(parseDuration('0h')).toBeUndefined();
    expect(parseDuration('1w')).toBeUndefined();
  });

  it('describes a filter back in the same syntax', () => {
    expect(describeFilter({ minSeverity: 'high', sources: ['microsoftDefenderForEndpoint'] })).toBe(
      'severity>=high sources=microsoftDefenderForEndpoint',
    );
    expect(describeFilter({})).toBe('all correlated alerts');
  });
});
