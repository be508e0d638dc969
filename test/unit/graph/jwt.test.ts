import { decodeJwtPayload, rolesFromToken } from '../../../src/graph/jwt';
import { makeJwt } from './stubs';

describe('rolesFromToken', () => {
  it('reads the roles claim of an app-only JWT', () => {
    const jwt = makeJwt({
      aud: 'https://graph.microsoft.com',
      roles: ['SecurityAlert.Read.All', 'ThreatHunting.Read.All'],
    });
    expect(rolesFromToken(jwt)).toEqual(['SecurityAlert.Read.All', 'ThreatHunting.Read.All']);
  });

  it('returns an empty list for a JWT without roles (nothing granted)', () => {
    expect(rolesFromToken(makeJwt({ aud: 'x' }))).toEqual([]);
  });

  it('keeps only string roles', () => {
    expect(rolesFromToken(makeJwt({ roles: ['A', 3, null, 'B'] }))).toEqual(['A', 'B']);
  });

  it.each([
    ['an opaque token', 'EwBwA8l6BAAU'],
    ['two dots around junk', 'a.%%%.c'],
    ['a payload that is not JSON', `x.${Buffer.from('not json').toString('base64url')}.y`],
    ['a payload that is a JSON array', `x.${Buffer.from('[1]').toString('base64url')}.y`],
    ['four parts', 'a.b.c.d'],
    ['an empty string', ''],
  ])('returns undefined (roles unknown) for %s', (_what, token) => {
    expect(rolesFromToken(token)).toBeUndefined();
    expect(decodeJwtPayload(token)).toBeUndefined();
  });
});
