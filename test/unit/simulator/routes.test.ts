import type { RequestContext } from '../../../simulator/http';
import { readHuntingBody, validateAlertPatch, validateComment } from '../../../simulator/routes';
import { pageOf, readOptions } from '../../../simulator/routes/odata';

const ctx = (o: Partial<RequestContext> = {}): RequestContext => ({
  method: 'GET',
  path: '/v1.0/security/alerts_v2',
  params: {},
  query: new URLSearchParams(),
  headers: {},
  body: undefined,
  requestId: 'r',
  clientRequestId: 'c',
  includeUnknownEnums: false,
  emptyPage: false,
  baseUrl: 'https://localhost:1',
  ...o,
});

describe('PATCH body validation', () => {
  it('accepts the five updatable properties with valid values', () => {
    const patch = {
      status: 'resolved',
      classification: 'truePositive',
      determination: 'compromisedAccount',
      assignedTo: 'a@contoso.com',
      customDetails: { ticket: 'INC-1' },
    };
    expect(validateAlertPatch(patch)).toEqual(patch);
    expect(
      validateAlertPatch({ '@odata.type': '#microsoft.graph.security.alert', assignedTo: null }),
    ).toEqual({ assignedTo: null });
  });

  it.each([
    [{ title: 'x' }, "The property 'title' cannot be updated"],
    [{ comments: [{ comment: 'x' }] }, "The property 'comments' cannot be updated"],
    [{ status: 'closed' }, 'Invalid value "closed" for \'status\''],
    [{ status: 'unknownFutureValue' }, "for 'status'"],
    [{ classification: 'dataLossPrevention' }, "for 'classification'"],
    [{ assignedTo: 3 }, "'assignedTo' must be a string"],
    [{ customDetails: { n: 1 } }, "'customDetails' must be an object whose values are strings"],
    [{}, 'Empty Payload'],
    [[{ status: 'new' }], 'must be a JSON object'],
  ])('refuses %j', (body, message) => {
    expect(() => validateAlertPatch(body)).toThrow(message);
  });
});

describe('comment body validation', () => {
  it('accepts one alertComment object', () => {
    expect(validateComment({ '@odata.type': 'microsoft.graph.security.alertComment', comment: 'hi' })).toBe(
      'hi',
    );
    expect(validateComment({ comment: 'hi' })).toBe('hi');
  });

  it.each([
    [[{ comment: 'x' }], 'Empty Payload'],
    [{ comment: '  ' }, "'comment' property is required"],
    [{}, "'comment' property is required"],
    [{ comment: 'x', createdByDisplayName: 'me' }, "The property 'createdByDisplayName' does not exist"],
    [{ '@odata.type': 'microsoft.graph.alertComment', comment: 'x' }, "'@odata.type' must be"],
    ['text', 'must be one microsoft.graph.security.alertComment object'],
  ])('refuses %j', (body, message) => {
    expect(() => validateComment(body)).toThrow(message);
  });
});

describe('runHuntingQuery body', () => {
  it('binds parameter names case-insensitively and defaults the Timespan to 30 days', () => {
    expect(readHuntingBody({ query: 'CloudAppEvents' })).toEqual({
      query: 'CloudAppEvents',
      timespan: 'P30D',
    });
    expect(readHuntingBody({ Query: 'X', Timespan: 'P1D', workspaceId: 'w' })).toEqual({
      query: 'X',
      timespan: 'P1D',
    });
  });

  it('refuses unknown parameters and an empty query', () => {
    expect(() => readHuntingBody({ Query: 'X', Top: 5 })).toThrow(
      "The parameter 'Top' in the request payload is not a valid parameter",
    );
    expect(() => readHuntingBody({ Query: '' })).toThrow('"Query" parameter is required');
    expect(() => readHuntingBody({ Query: 'X', Timespan: 3 })).toThrow('"Timespan" must be');
  });
});

describe('query options and paging', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);
  const page = (q: string, pageSize = 3, extra: Partial<RequestContext> = {}): Record<string, unknown> => {
    const query = new URLSearchParams(q);
    return pageOf(items, {
      ctx: ctx({ query, ...extra }),
      options: readOptions(query, ['$filter', '$top', '$skip', '$count']),
      entitySet: 'security/alerts_v2',
      pageSize,
    });
  };

  it('caps pages at the server page size and links the next page with the filter kept', () => {
    const first = page("$filter=status eq 'new'&$count=true");
    expect(first).toEqual({
      '@odata.context': 'https://localhost:1/v1.0/$metadata#security/alerts_v2',
      '@odata.count': 7,
      value: [0, 1, 2],
      '@odata.nextLink':
        "https://localhost:1/v1.0/security/alerts_v2?$filter=status%20eq%20'new'&$count=true&$skip=3",
    });
    expect(page('$skip=6').value).toEqual([6]);
    expect(page('$skip=6')['@odata.nextLink']).toBeUndefined();
  });

  it('uses $top as the page size (never above the cap) and keeps it in the link', () => {
    expect(page('$top=2')).toEqual(
      expect.objectContaining({
        value: [0, 1],
        '@odata.nextLink': expect.stringContaining('$top=2&$skip=2'),
      }),
    );
    expect((page('$top=50').value as number[]).length).toBe(3);
    expect(page('$top=0')).toEqual(expect.not.objectContaining({ '@odata.nextLink': expect.anything() }));
  });

  it('answers an injected empty page with a distinct link that resumes at the same offset', () => {
    const empty = page('$skip=3', 3, { emptyPage: true });
    expect(empty.value).toEqual([]);
    expect(empty['@odata.nextLink']).toMatch(/\$skip=3&\$skiptoken=e[0-9a-f]{8}$/);
  });

  it.each([
    ['$orderby=createdDateTime', "The query parameter '$orderby' is not supported"],
    ['$select=id', "The query parameter '$select' is not supported"],
    ['api-version=2', "The query parameter 'api-version' is not supported"],
    ['$top=1&$top=2', "Query option '$top' was specified more than once"],
    ['$top=-1', "Invalid value '-1' for $top query option"],
    ['$skip=x', "Invalid value 'x' for $skip query option"],
    ['$count=yes', "Invalid value 'yes' for $count"],
  ])('refuses %s', (q, message) => {
    expect(() => page(q)).toThrow(message);
  });
});
