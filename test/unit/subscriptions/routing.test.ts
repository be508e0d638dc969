import {
  combineSensitivity,
  INSIDER_RISK_SOURCE,
  policySensitivity,
  routeAlert,
} from '../../../src/subscriptions/routing';

const off = { insiderRiskCards: false };
const on = { insiderRiskCards: true };
const mde = 'microsoftDefenderForEndpoint';

describe('routeAlert', () => {
  it('shows an ordinary correlation in the general channel and not in the sensitive route', () => {
    expect(routeAlert(false, { serviceSource: mde, sensitivity: 'normal' }, off)).toEqual({ show: true });
    expect(routeAlert(true, { serviceSource: mde, sensitivity: 'normal' }, off)).toEqual({
      show: false,
      reason: 'not-sensitive',
    });
  });

  it('sends a correlation with a sensitive DLP policy only to the sensitive route', () => {
    const alert = { serviceSource: mde, sensitivity: 'sensitive' as const };
    expect(routeAlert(false, alert, off)).toEqual({ show: false, reason: 'sensitive-route-only' });
    expect(routeAlert(true, alert, off)).toEqual({ show: true });
  });

  it('fails safe: an undetermined policy never reaches the general channel', () => {
    const alert = { serviceSource: mde, sensitivity: 'undetermined' as const };
    expect(routeAlert(false, alert, off).show).toBe(false);
    expect(routeAlert(true, alert, off).show).toBe(true);
  });

  it('cards Insider Risk alerts nowhere unless turned on, and then only in the sensitive route', () => {
    const irm = { serviceSource: INSIDER_RISK_SOURCE, sensitivity: 'normal' as const };
    expect(routeAlert(true, irm, off)).toEqual({ show: false, reason: 'insider-risk-off' });
    expect(routeAlert(false, irm, off)).toEqual({ show: false, reason: 'insider-risk-off' });
    expect(routeAlert(true, irm, on)).toEqual({ show: true });
    expect(routeAlert(false, irm, on)).toEqual({ show: false, reason: 'sensitive-route-only' });
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
