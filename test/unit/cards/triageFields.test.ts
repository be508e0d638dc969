import { pairMismatch } from '../../../src/cards/triageFields';

describe('pairMismatch', () => {
  it('says nothing for a pair that goes together or no determination', () => {
    expect(pairMismatch('truePositive', 'malware')).toBeUndefined();
    expect(pairMismatch('falsePositive', 'other')).toBeUndefined();
    expect(pairMismatch('falsePositive', undefined)).toBeUndefined();
  });

  it('names the determinations that fit the chosen classification', () => {
    expect(pairMismatch('falsePositive', 'malware')).toBe(
      '"Malware" does not go with False positive. Pick one of: Not malicious, Not enough data to validate, Other.',
    );
    expect(pairMismatch('informationalExpectedActivity', 'phishing')).toBe(
      '"Phishing" does not go with Informational, expected activity. Pick one of: Security testing, Line-of-business application, Confirmed activity, Other.',
    );
  });
});
