import { GraphError } from '../../../src/errors';
import { clientWith, graphError, makeAlert, TOKEN } from './clientFixture';
import { jsonResponse } from './stubs';

const ALERT = makeAlert();

function failing(cause: NodeJS.ErrnoException): TypeError {
  return new TypeError('fetch failed', { cause });
}

function connReset(): NodeJS.ErrnoException {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

describe('GraphSecurityClient failures', () => {
  it('retries a 429 after its Retry-After and succeeds', async () => {
    const { client, stub, events, log } = clientWith([
      graphError(429, 'TooManyRequests', 'slow down', { 'Retry-After': '0' }),
      { status: 200, body: ALERT },
    ]);
    await expect(client.getAlert(ALERT.id)).resolves.toMatchObject({ id: ALERT.id });
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[1]!.headers['client-request-id']).toBe(
      stub.requests[0]!.headers['client-request-id'],
    );
    expect(events).toEqual([expect.objectContaining({ status: 200, throttled: true, attempts: 2 })]);
    expect(log.lines.some((l) => l.msg === 'Graph retry' && l.status === 429)).toBe(true);
  });

  it('retries 503 and 504 too', async () => {
    const { client, stub } = clientWith([
      graphError(503, 'ServiceUnavailable', 'busy', { 'Retry-After': '0' }),
      graphError(504, 'GatewayTimeout', 'slow', { 'Retry-After': '0' }),
      { status: 200, body: ALERT },
    ]);
    await client.getAlert(ALERT.id);
    expect(stub.requests).toHaveLength(3);
  });

  it('gives up after maxRetries with a throttled GraphError that carries Retry-After', async () => {
    const busy = graphError(429, 'TooManyRequests', 'slow down', { 'Retry-After': '0' });
    const { client, stub } = clientWith([], { maxRetries: 2 }, busy);
    const err = (await client.getAlert(ALERT.id).catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({
      status: 429,
      reason: 'throttled',
      graphCode: 'TooManyRequests',
      retryAfterMs: 0,
    });
    expect(err.requestId).toBe(stub.requests[0]!.headers['client-request-id']);
    expect(err.message).toContain('after 2 retries');
    expect(stub.requests).toHaveLength(3);
  });

  it('hands a long Retry-After back to the caller instead of sleeping through it', async () => {
    const { client, stub } = clientWith([
      graphError(429, 'TooManyRequests', 'later', { 'Retry-After': '120' }),
    ]);
    const err = (await client.getAlert(ALERT.id).catch((e: unknown) => e)) as GraphError;
    expect(err).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(err.message).toContain('retry after 120 s');
    expect(stub.requests).toHaveLength(1);
  });

  it('says which permission is missing on a 403', async () => {
    const { client } = clientWith([graphError(403, 'Forbidden', 'Missing role permissions')]);
    const err = (await client.addComment(ALERT.id, 'x').catch((e: unknown) => e)) as GraphError;
    expect(err.reason).toBe('forbidden');
    expect(err.message).toContain(
      'the app lacks SecurityAlert.ReadWrite.All. Grant it and give admin consent.',
    );
    expect(err.message).toContain('graph-req-1');
  });

  it('keeps the real cause of a network failure and sends a GET once more', async () => {
    const { client, stub, events } = clientWith([
      { throw: failing(connReset()) },
      { throw: failing(connReset()) },
    ]);
    const err = (await client.getAlert(ALERT.id).catch((e: unknown) => e)) as GraphError;
    expect(err).toMatchObject({ status: 0, reason: 'unavailable', graphCode: 'network' });
    expect(err.message).toContain('ECONNRESET');
    expect(stub.requests).toHaveLength(2);
    expect(events).toEqual([expect.objectContaining({ status: 0 })]);
  });

  it('recovers when the repeated GET gets through', async () => {
    const { client } = clientWith([{ throw: failing(connReset()) }, { status: 200, body: ALERT }]);
    await expect(client.getAlert(ALERT.id)).resolves.toMatchObject({ id: ALERT.id });
  });

  it('never repeats a POST whose connection failed (it may have been applied)', async () => {
    const { client, stub } = clientWith([{ throw: failing(connReset()) }]);
    await expect(client.addComment(ALERT.id, 'hello')).rejects.toMatchObject({ status: 0 });
    expect(stub.requests).toHaveLength(1);
  });

  it('turns a request that outlives timeoutMs into GraphError status 0', async () => {
    const hang = (_r: unknown, init: RequestInit | undefined): Promise<Response> =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const { client } = clientWith([hang], { timeoutMs: 20 });
    await expect(client.getAlert(ALERT.id)).rejects.toMatchObject({ status: 0, graphCode: 'timeout' });
  });

  it('rejects at once with graphCode "cancelled" when the caller aborts', async () => {
    const hang = (_r: unknown, init: RequestInit | undefined): Promise<Response> =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const { client } = clientWith([hang]);
    const controller = new AbortController();
    const pending = client.getAlert(ALERT.id, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ status: 0, graphCode: 'cancelled' });
  });

  it('explains a token that could not be obtained', async () => {
    const { client } = clientWith([], {
      credential: {
        getToken: () =>
          Promise.reject(
            Object.assign(new Error('AADSTS7000215: bad secret'), { name: 'AuthenticationError' }),
          ),
      },
    });
    const err = (await client.getAlert(ALERT.id).catch((e: unknown) => e)) as GraphError;
    expect(err).toMatchObject({ status: 401, graphCode: 'AuthenticationError' });
    expect(err.message).toContain('Could not get a Graph token');
  });

  it('tolerates a non-JSON error body', async () => {
    const { client } = clientWith([
      () =>
        Promise.resolve(
          new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
        ),
    ]);
    await expect(client.getAlert(ALERT.id)).rejects.toMatchObject({ status: 502, reason: 'unavailable' });
  });

  it('puts the client-request-id in the log line and never the token', async () => {
    const { client, stub, log } = clientWith([graphError(400, 'BadRequest', 'Invalid filter clause')]);
    await expect(client.getAlert(ALERT.id, { requestId: 'req-abc' })).rejects.toMatchObject({ status: 400 });
    expect(stub.requests[0]!.headers['client-request-id']).toBe('req-abc');
    const line = log.lines.find((l) => l.clientRequestId === 'req-abc' && l.status === 400);
    expect(line).toMatchObject({
      method: 'GET',
      path: `/security/alerts_v2/${ALERT.id}`,
      operation: 'getAlert',
    });
    expect(log.text()).not.toContain(TOKEN);
  });

  it('survives a metrics hook that throws', async () => {
    const { client } = clientWith([{ status: 200, body: ALERT }], {
      onRequest: () => {
        throw new Error('metrics down');
      },
    });
    await expect(client.getAlert(ALERT.id)).resolves.toBeDefined();
  });

  it('answers 404 on getAlert with undefined', async () => {
    const { client } = clientWith([graphError(404, 'NotFound', 'no such alert')]);
    await expect(client.getAlert('da000_-1')).resolves.toBeUndefined();
  });

  it('keeps working after an unrelated error body shape', async () => {
    const { client } = clientWith([() => Promise.resolve(jsonResponse(500, { weird: true }))]);
    await expect(client.getAlert(ALERT.id)).rejects.toMatchObject({ status: 500 });
  });
});

describe('GraphSecurityClient and a connection that drops mid-body', () => {
  function halfBody(): Promise<Response> {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":"da1","stat'));
        controller.error(new TypeError('terminated', { cause: connReset() }));
      },
    });
    return Promise.resolve(
      new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  }

  it('treats it as a network failure and repeats the GET', async () => {
    const { client, stub } = clientWith([halfBody, { status: 200, body: ALERT }]);
    await expect(client.getAlert(ALERT.id)).resolves.toMatchObject({ id: ALERT.id });
    expect(stub.requests).toHaveLength(2);
  });

  it('fails with status 0 when it happens twice', async () => {
    const { client } = clientWith([halfBody, halfBody]);
    await expect(client.getAlert(ALERT.id)).rejects.toMatchObject({ status: 0, graphCode: 'network' });
  });
});

describe('GraphSecurityClient retries of a comment', () => {
  it('retries a 429 or 503 (nothing was applied) but not a 504 (it may have been)', async () => {
    const { client, stub } = clientWith([
      graphError(429, 'TooManyRequests', 'slow down', { 'Retry-After': '0' }),
      graphError(503, 'ServiceUnavailable', 'busy', { 'Retry-After': '0' }),
      graphError(504, 'GatewayTimeout', 'lost', { 'Retry-After': '0' }),
    ]);
    await expect(client.addComment(ALERT.id, 'once only')).rejects.toMatchObject({ status: 504 });
    expect(stub.requests).toHaveLength(3);
  });

  it('retries a 504 of an idempotent PATCH', async () => {
    const { client, stub } = clientWith([
      graphError(504, 'GatewayTimeout', 'lost', { 'Retry-After': '0' }),
      { status: 200, body: { ...ALERT, status: 'resolved' } },
    ]);
    await expect(client.updateAlert(ALERT.id, { status: 'resolved' })).resolves.toMatchObject({
      status: 'resolved',
    });
    expect(stub.requests).toHaveLength(2);
  });
});

describe('GraphSecurityClient retries of a hunting query', () => {
  it('never retries a 504: the query already ran for minutes', async () => {
    const { client, stub } = clientWith([
      graphError(504, 'GatewayTimeout', 'query timed out', { 'Retry-After': '0' }),
      { status: 200, body: { schema: [], results: [] } },
    ]);
    await expect(client.runHuntingQuery('CloudAppEvents | take 1')).rejects.toMatchObject({ status: 504 });
    expect(stub.requests).toHaveLength(1);
  });

  it('hands a 429 without Retry-After (the CPU quota) back at once, with no retry delay to guess', async () => {
    const { client, stub } = clientWith([
      graphError(429, 'TooManyRequests', 'quota exceeded'),
      { status: 200, body: { schema: [], results: [] } },
    ]);
    const err = await client.runHuntingQuery('CloudAppEvents | take 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: undefined });
    expect(stub.requests).toHaveLength(1);
  });

  it('still retries the alert operations on the same client', async () => {
    const { client, stub } = clientWith([
      graphError(504, 'GatewayTimeout', 'slow', { 'Retry-After': '0' }),
      { status: 200, body: ALERT },
    ]);
    await client.getAlert(ALERT.id);
    expect(stub.requests).toHaveLength(2);
  });
});
