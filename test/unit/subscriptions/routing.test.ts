import {
  combineSensitivity,
  INSIDER_RISK_SOURCE,
  matchWorkloads,
  policySensitivity,
  routeAlert,
  routeRulesOf,
} from '../../../src/subscriptions/routing';

const off = { insiderRiskCards: false };
const general = { sensitive: false };
const sensitiveRoute = { sensitive: true };
const on = { insiderRiskCards: true };
const mde = 'microsoftDefenderForEndpoint';

describe('routeAlert', () => {
  it('shows an ordinary correlation in the general channel and not in the sensitive route', () => {
    expect(routeAlert(general, { serviceSource: mde, sensitivity: 'normal' }, off)).toEqual({ show: true });
    expect(routeAlert(sensitiveRoute, { serviceSource: mde, sensitivity: 'normal' }, off)).toEqual({
      show: false,
      reason: 'not-sensitive',
    });
  });

  it('sends a correlation with a sensitive DLP policy only to the sensitive route', () => {
    const alert = { serviceSource: mde, sensitivity: 'sensitive' as const };
    expect(routeAlert(general, alert, off)).toEqual({ show: false, reason: 'sensitive-route-only' });
    expect(routeAlert(sensitiveRoute, alert, off)).toEqual({ show: true });
  });

  it('fails safe: an undetermined policy never reaches the general channel', () => {
    const alert = { serviceSource: mde, sensitivity: 'undetermined' as const };
    expect(routeAlert(general, alert, off).show).toBe(false);
    expect(routeAlert(sensitiveRoute, alert, off).show).toBe(true);
  });

  it('cards Insider Risk alerts nowhere unless turned on, and then only in the sensitive route', () => {
    const irm = { serviceSource: INSIDER_RISK_SOURCE, sensitivity: 'normal' as const };
    expect(routeAlert(sensitiveRoute, irm, off)).toEqual({ show: false, reason: 'insider-risk-off' });
    expect(routeAlert(general, irm, off)).toEqual({ show: false, reason: 'insider-risk-off' });
    expect(routeAlert(sensitiveRoute, irm, on)).toEqual({ show: true });
    expect(routeAlert(general, irm, on)).toEqual({ show: false, reason: 'sensitive-route-only' });
  });
});

describe('the workloads rule', () => {
  const exchangeOnly = { sensitive: false, workloads: ['Exchange' as const] };
  const known = (...w: Array<'Exchange' | 'SharePoint' | 'OneDrive' | 'Teams' | 'Endpoint'>) => ({
    serviceSource: mde,
    sensitivity: 'normal' as const,
    workloads: { known: w, undetermined: false },
  });

  it("shows a correlation whose DLP side is in one of the rule's workloads, and hides one in another", () => {
    expect(routeAlert(exchangeOnly, known('Exchange'), off)).toEqual({ show: true });
    expect(routeAlert(exchangeOnly, known('SharePoint', 'Exchange'), off)).toEqual({ show: true });
    expect(routeAlert(exchangeOnly, known('Teams'), off)).toEqual({ show: false, reason: 'other-workload' });
  });

  it('never hides a correlation whose workload is undetermined: it is shown and marked unknown', () => {
    const partly = { ...known('Teams'), workloads: { known: ['Teams' as const], undetermined: true } };
    expect(routeAlert(exchangeOnly, partly, off)).toEqual({ show: true, workloadUnknown: true });
    expect(routeAlert(exchangeOnly, { serviceSource: mde, sensitivity: 'normal' }, off)).toEqual({
      show: true,
      workloadUnknown: true,
    });
  });

  it('leaves the sensitive route in charge: a workload never lets a sensitive correlation out', () => {
    const sensitive = { ...known('Exchange'), sensitivity: 'sensitive' as const };
    expect(routeAlert(exchangeOnly, sensitive, off)).toEqual({ show: false, reason: 'sensitive-route-only' });
    expect(routeAlert({ sensitive: true, workloads: ['Teams'] }, sensitive, off)).toEqual({
      show: false,
      reason: 'other-workload',
    });
  });

  it('applies no workload rule when none is set', () => {
    expect(matchWorkloads(undefined, { known: ['Teams'], undetermined: false })).toBe('yes');
    expect(matchWorkloads([], undefined)).toBe('yes');
  });

  it('reads a stored rule again: misspelt workloads are dropped rather than hiding everything', () => {
    const filter = { workloads: ['exchange', 'Exchnage'] as unknown as Array<'Exchange'> };
    expect(routeRulesOf({ filter })).toEqual({ sensitive: false, workloads: ['Exchange'] });
    const junk = { workloads: ['nope'] as unknown as Array<'Exchange'> };
    expect(routeRulesOf({ sensitive: true, filter: junk })).toEqual({ sensitive: true });
    expect(routeRulesOf(undefined)).toEqual({ sensitive: false });
  });
});

describe('policySensitivity and combineSensitivity', () => {
  it('marks a DLP alert sensitive by its policy name, in any case, and undetermined without names', () => {
    expect(policySensitivity(['HR - Employee Records'], ['hr - employee records'])).toBe('sensitive');
    expect(policySensitivity(['U.S. Financial Data'], ['HR - Employee Records'])).toBe('normal');
    expect(policySensitivity(undefined, ['HR'])).toBe('undetermined');
  });

  it('lets any sensitive DLP alert win, then any undetermined one', () => {
    expect(combineSensitivity(['normal', 'undetermined', 'sensitive'])).toBe('sensitive');
    expect(combineSensitivity(['normal', 'undetermined'])).toBe('undetermined');
    expect(combineSensitivity(['normal'])).toBe('normal');
    expect(combineSensitivity([])).toBe('normal');
  });
});
