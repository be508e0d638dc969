import {
  formatDelta,
  formatDuration,
  formatRelative,
  formatUtc,
  formatUtcShort,
  formatWhen,
  formatWindow,
} from '../../../src/cards/time';
import { safeLink } from '../../../src/cards/urls';
import { NOW } from './fixtures';

describe('times on cards', () => {
  it('are UTC, to the minute, with fractional seconds of Graph timestamps ignored', () => {
    expect(formatUtc('2026-03-02T14:03:59.9999999Z')).toBe('2026-03-02 14:03 UTC');
    expect(formatUtc('2026-03-02T16:03:00+02:00')).toBe('2026-03-02 14:03 UTC');
    expect(formatUtc('not a date')).toBe('unknown time');
    expect(formatUtc(null)).toBe('unknown time');
  });

  it('drop the date when it is the same UTC day as now', () => {
    expect(formatUtcShort('2026-03-02T01:00:00Z', NOW)).toBe('01:00 UTC');
    expect(formatUtcShort('2026-03-01T23:59:00Z', NOW)).toBe('2026-03-01 23:59 UTC');
  });

  it('say how long ago, computed from the given now', () => {
    expect(formatRelative(NOW - 10_000, NOW)).toBe('just now');
    expect(formatRelative(NOW - 12 * 60_000, NOW)).toBe('12 min ago');
    expect(formatRelative(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
    expect(formatRelative(NOW - 5 * 86_400_000, NOW)).toBe('5 d ago');
    expect(formatRelative(NOW + 5 * 60_000, NOW)).toBe('in 5 min');
    expect(formatRelative('garbage', NOW)).toBe('');
    expect(formatWhen('2026-03-02T14:18:00Z', NOW)).toBe('14:18 UTC (12 min ago)');
  });

  it('show signed offsets between a DLP alert and its Defender alert', () => {
    expect(formatDelta(4 * 60_000)).toBe('+4 min');
    expect(formatDelta(-12 * 60_000)).toBe('\u221212 min');
    expect(formatDelta(40_000)).toBe('+40 s');
    expect(formatDelta(125 * 60_000)).toBe('+2 h 5 min');
    expect(formatDelta(300)).toBe('±0 s');
    expect(formatDelta(Number.NaN)).toBe('');
  });

  it('show durations and windows', () => {
    expect(formatDuration(350)).toBe('350 ms');
    expect(formatDuration(1_250)).toBe('1.3 s');
    expect(formatDuration((3 * 24 + 4) * 3_600_000)).toBe('3 d 4 h');
    expect(formatDuration(-1)).toBe('unknown');
    expect(formatWindow(30 * 60_000)).toBe('±30 min');
  });
});

describe('safeLink keeps only https links to the Defender portal or the allowed host', () => {
  it.each([
    ['https://security.microsoft.com/alerts/da1', 'https://security.microsoft.com/alerts/da1'],
    ['https://eu.security.microsoft.com/x', 'https://eu.security.microsoft.com/x'],
    ['HTTPS://SECURITY.MICROSOFT.COM/a', 'https://security.microsoft.com/a'],
  ])('keeps %s', (url, expected) => {
    expect(safeLink(url)).toBe(expected);
  });

  it.each([
    'http://security.microsoft.com/alerts/da1',
    'https://security.microsoft.com.evil.example/a',
    'https://evilsecurity.microsoft.com/a',
    'https://user:pw@security.microsoft.com/a',
    'javascript:alert(1)',
    'data:text/html,hi',
    '//security.microsoft.com/a',
    'not a url',
    '',
    'https://localhost:8443/alerts/1',
  ])('drops %s', (url) => {
    expect(safeLink(url)).toBeUndefined();
  });

  it('accepts the deployment host (with or without port) only when configured', () => {
    expect(safeLink('https://localhost:8443/alerts/1', 'localhost:8443')).toBe(
      'https://localhost:8443/alerts/1',
    );
    expect(safeLink('https://localhost:8443/alerts/1', 'localhost')).toBe('https://localhost:8443/alerts/1');
    expect(safeLink('https://localhost.evil.example/a', 'localhost')).toBeUndefined();
    expect(safeLink(42)).toBeUndefined();
  });
});
