import type { IncomingMessage } from 'node:http';
import { SimHttpError } from './errors';

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads the body; undefined when empty, URLSearchParams for a form (Entra's token endpoint takes
 * `application/x-www-form-urlencoded`), parsed JSON otherwise. Bad JSON is Graph's 400.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES)
      throw new SimHttpError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  if (/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? ''))
    return new URLSearchParams(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Graph's wording for a body it cannot read; the parse error itself says nothing more useful.
    throw new SimHttpError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}
