import { aggregateSits } from '../../../src/graph/sitAggregate';
import { pickSit, toRecords } from '../../../src/graph/sitParse';
import {
  sitsFromAdditionalData,
  sitsFromAuditRecord,
  sitsFromDataSecurityRow,
} from '../../../src/graph/sitSources';
import { auditRecord, CARD, CUSTOM, DETECTED, dseRow, dseSit, SSN } from './sitFixtures';

function noDetectedValues(output: unknown): void {
  const json = JSON.stringify(output);
  for (const value of DETECTED) expect(json).not.toContain(value);
  expect(json).not.toMatch(/DetectedValues|SensitiveInformationDetections|MatchedText/);
}

describe('SIT parsing from DataSecurityEvents', () => {
  it('reads native dynamic objects, with policy and rule from the DLP match columns', () => {
    const sits = sitsFromDataSecurityRow(dseRow([dseSit(CARD, 4, 90)]));
    expect(sits).toEqual([
      {
        name: 'Credit Card Number',
        id: CARD,
        count: 4,
        uniqueCount: 2,
        confidence: 90,
        confidenceLevel: 'High',
        policy: 'PCI DSS',
        rule: 'Block external sharing',
      },
    ]);
  });

  it('reads Collection(String): each element a JSON string', () => {
    const sits = sitsFromDataSecurityRow(
      dseRow([dseSit(CARD, 1, 75), dseSit(CUSTOM, 2, 65)], { stringly: true }),
    );
    expect(sits.map((s) => [s.name, s.count, s.confidenceLevel])).toEqual([
      ['Credit Card Number', 1, 'Medium'],
      [CUSTOM, 2, 'Low'],
    ]);
  });

  it('reads the whole column as one JSON string', () => {
    const row = { SensitiveInfoTypeInfo: JSON.stringify([dseSit(SSN, 2, 85)]) };
    expect(sitsFromDataSecurityRow(row)[0]).toMatchObject({
      name: 'U.S. Social Security Number (SSN)',
      count: 2,
    });
  });

  it('prefers a name the row gives, and names trainable classifiers', () => {
    const named = pickSit({ SensitiveInfoTypeId: CUSTOM, SensitiveInfoTypeName: 'Project Obsidian' });
    const ml = pickSit({ SensitiveInfoTypeId: CUSTOM, ClassifierType: 'MLModel' });
    expect(named?.name).toBe('Project Obsidian');
    expect(ml?.name).toBe(`Trainable classifier ${CUSTOM}`);
  });

  it('accepts a textual confidence and numbers sent as strings', () => {
    expect(pickSit({ Name: 'X', Confidence: 'High', Count: '7' })).toEqual({
      name: 'X',
      confidenceLevel: 'High',
      count: 7,
    });
    expect(pickSit({ Name: 'X', ConfidenceLevel: '80' })).toEqual({
      name: 'X',
      confidence: 80,
      confidenceLevel: 'Medium',
    });
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['broken JSON', '[{"SensitiveInfoTypeId": '],
    ['a plain string', 'Credit Card Number'],
    ['objects without a type', [{ Count: 3 }, {}]],
    ['negative and absurd numbers', [{ Name: 'X', Count: -1, Confidence: 900, UniqueCount: 1.5 }]],
    ['deep nesting', [[[[[{ Name: 'too deep' }]]]]]],
  ])('tolerates junk: %s', (_what, value) => {
    const sits = sitsFromDataSecurityRow({ SensitiveInfoTypeInfo: value, DlpPolicyRuleMatchInfo: '{oops' });
    expect(Array.isArray(sits)).toBe(true);
    for (const s of sits) expect(s).toEqual({ name: 'X' });
  });

  it('never returns a detected value, however the row carries it', () => {
    const rows = [
      dseRow([dseSit(CARD, 4, 90)]),
      dseRow([dseSit(SSN, 1, 85)], { stringly: true }),
      { SensitiveInfoTypeInfo: JSON.stringify([dseSit(CUSTOM, 2, 70, { Location: 'Body' })]) },
    ];
    noDetectedValues(rows.flatMap(sitsFromDataSecurityRow));
  });
});

describe('SIT parsing from the DLP audit record', () => {
  it('walks PolicyDetails → Rules → ConditionsMatched → SensitiveInformation', () => {
    expect(sitsFromAuditRecord(auditRecord())).toEqual([
      {
        name: 'U.S. Social Security Number (SSN)',
        id: SSN,
        count: 3,
        uniqueCount: 3,
        confidence: 85,
        confidenceLevel: 'High',
        policy: 'U.S. Financial Data',
        rule: 'High volume',
        location: 'Attachment',
      },
    ]);
  });

  it('reads a record sent as a JSON string and drops its detected values', () => {
    const sits = sitsFromAuditRecord(JSON.stringify(auditRecord()));
    expect(sits).toHaveLength(1);
    noDetectedValues(sits);
  });

  it('returns nothing for records without DLP details', () => {
    expect(sitsFromAuditRecord({ Operation: 'FileAccessed' })).toEqual([]);
    expect(sitsFromAuditRecord({ PolicyDetails: 'n/a' })).toEqual([]);
  });
});

describe('SIT parsing from additionalData', () => {
  it('reads a list of SIT objects with the policy beside it', () => {
    const sits = sitsFromAdditionalData({
      dlpPolicyName: 'PCI DSS',
      sensitiveInfoTypes: JSON.stringify([
        { name: 'Credit Card Number', count: 5, confidence: 95, DetectedValues: DETECTED },
      ]),
    });
    expect(sits).toEqual([
      { name: 'Credit Card Number', count: 5, confidence: 95, confidenceLevel: 'High', policy: 'PCI DSS' },
    ]);
  });

  it('reads plain type names but never a value that looks like data', () => {
    const sits = sitsFromAdditionalData({
      sensitiveInfoTypes: ['Credit Card Number', ...DETECTED, '{"x":1}'],
    });
    expect(sits).toEqual([{ name: 'Credit Card Number' }]);
  });

  it('reads an embedded audit record one level down', () => {
    expect(sitsFromAdditionalData({ custom: { RawEventData: auditRecord() } })).toHaveLength(1);
  });

  it('returns nothing for absent or unrelated data', () => {
    expect(sitsFromAdditionalData(null)).toEqual([]);
    expect(sitsFromAdditionalData({ foo: 'bar', n: 1 })).toEqual([]);
  });
});

describe('aggregateSits', () => {
  it('sums counts and keeps the highest confidence of the same SIT across rows', () => {
    const hits = [
      ...sitsFromDataSecurityRow(dseRow([dseSit(CARD, 4, 75)])),
      ...sitsFromDataSecurityRow(dseRow([dseSit(CARD, 3, 92), dseSit(SSN, 1, 85)], { stringly: true })),
    ];
    expect(aggregateSits(hits)).toEqual([
      expect.objectContaining({
        name: 'Credit Card Number',
        count: 7,
        confidence: 92,
        confidenceLevel: 'High',
      }),
      expect.objectContaining({ name: 'U.S. Social Security Number (SSN)', count: 1 }),
    ]);
  });

  it('lists each policy once and prefers a real name over an id', () => {
    const merged = aggregateSits([
      { name: CUSTOM, id: CUSTOM, policy: 'A', count: 1 },
      { name: 'Project Obsidian', id: CUSTOM, policy: 'B', count: 1 },
      { name: 'project obsidian', id: CUSTOM.toUpperCase(), policy: 'A' },
    ]);
    expect(merged).toEqual([{ name: 'Project Obsidian', id: CUSTOM, count: 2, policy: 'A, B' }]);
  });

  it('turns toRecords junk into nothing rather than throwing', () => {
    expect(toRecords('{"a":')).toEqual([]);
    expect(toRecords(undefined)).toEqual([]);
  });
});
