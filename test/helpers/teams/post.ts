/** Delivers an activity to a bot's messaging endpoint the way the Bot Connector does: one JSON POST. */

/** What the bot answered. `body` is the parsed JSON, the raw text when it is not JSON, or undefined. */
export interface PostActivityResult {
  status: number;
  body: unknown;
  text: string;
}

export interface PostActivityOptions {
  /** `Authorization` header value (e.g. `Bearer <jwt>`); none by default (local mode, no app id). */
  authorization?: string;
  /** `Content-Type`; default `application/json; charset=utf-8`. */
  contentType?: string;
  /** Send these bytes instead of the JSON of `activity` (malformed-input tests). */
  rawBody?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * POSTs `activity` to `botUrl` (e.g. `http://127.0.0.1:3978/api/messages`) and returns the answer; an
 * `adaptiveCard/action` invoke is answered in the body. Only loopback URLs are accepted: tests never
 * leave the machine.
 */
export async function postActivity(
  botUrl: string,
  activity: object,
  o: PostActivityOptions = {},
): Promise<PostActivityResult> {
  const url = new URL(botUrl);
  if (!LOOPBACK.has(url.hostname)) {
    throw new TypeError(`postActivity only talks to loopback addresses, got ${url.hostname}.`);
  }
  const headers: Record<string, string> = {
    'content-type': o.contentType ?? 'application/json; charset=utf-8',
  };
  if (o.authorization !== undefined) headers.authorization = o.authorization;
  const res = await fetch(url, { method: 'POST', headers, body: o.rawBody ?? JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: parseBody(text), text };
}

function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // Not JSON (an HTML error page, plain text): hand the text back rather than hide what the bot said.
    if (err instanceof SyntaxError) return text;
    throw err;
  }
}
