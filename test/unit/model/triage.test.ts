import {
  classificationsOf,
  DETERMINATIONS,
  DETERMINATIONS_BY_CLASSIFICATION,
  determinationsFor,
  LEGACY_DETERMINATIONS,
  pairFits,
  settableDeterminations,
} from '../../../src/model';

describe('the classification → determination table', () => {
  it('groups determinations the way Defender does under each classification', () => {
    expect(determinationsFor('truePositive')).toEqual([
      'multiStagedAttack',
      'maliciousUserActivity',
      'compromisedAccount',
      'malware',
      'phishing',
      'unwantedSoftware',
      'other',
    ]);
    expect(determinationsFor('informationalExpectedActivity')).toEqual([
      'securityTesting',
      'lineOfBusinessApplication',
      'confirmedActivity',
      'other',
    ]);
    expect(determinationsFor('falsePositive')).toEqual(['notMalicious', 'notEnoughDataToValidate', 'other']);
  });

  it('puts "other" in every group and every other determination in exactly one', () => {
    expect(classificationsOf('other')).toEqual([
      'truePositive',
      'informationalExpectedActivity',
      'falsePositive',
    ]);
    for (const d of settableDeterminations().filter((x) => x !== 'other'))
      expect(classificationsOf(d)).toHaveLength(1);
  });

  it('covers every Graph determination except unknown, the sentinel and the legacy values', () => {
    const covered = new Set([
      ...settableDeterminations(),
      ...LEGACY_DETERMINATIONS,
      'unknown',
      'unknownFutureValue',
    ]);
    expect([...DETERMINATIONS].sort()).toEqual([...covered].sort());
  });

  it('offers the legacy apt and securityPersonnel under no classification', () => {
    for (const d of LEGACY_DETERMINATIONS) expect(classificationsOf(d)).toEqual([]);
    expect(settableDeterminations()).not.toEqual(expect.arrayContaining(['apt']));
  });

  it('only lists Graph enum values', () => {
    for (const list of Object.values(DETERMINATIONS_BY_CLASSIFICATION))
      for (const d of list) expect(DETERMINATIONS).toContain(d);
  });
});

describe('pairFits', () => {
  it.each([
    ['truePositive', 'malware', true],
    ['falsePositive', 'notMalicious', true],
    ['informationalExpectedActivity', 'securityTesting', true],
    ['falsePositive', 'other', true],
    ['falsePositive', 'malware', false],
    ['truePositive', 'notMalicious', false],
    ['informationalExpectedActivity', 'phishing', false],
    ['truePositive', 'apt', false],
    ['unknown', 'malware', false],
    ['somethingNew', 'other', false],
  ])('%s + %s → %s', (c, d, fits) => {
    expect(pairFits(c, d)).toBe(fits);
  });

  it('accepts a classification without a determination', () => {
    expect(pairFits('truePositive', undefined)).toBe(true);
    expect(pairFits('falsePositive', '')).toBe(true);
  });
});
