import type { RecordedRequest } from '../types';

/** Keeps the most recent requests (a ring of `capacity`), so a long benchmark cannot exhaust memory. */
export class Recorder {
  private items: RecordedRequest[] = [];

  constructor(private readonly capacity = 10_000) {}

  record(r: RecordedRequest): RecordedRequest {
    this.items.push(r);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
    return r;
  }

  all(): RecordedRequest[] {
    return this.items.map((r) => ({ ...r }));
  }

  clear(): void {
    this.items = [];
  }
}

/** Headers as recorded: lower-case names, the bearer token reduced to its length. */
export function recordedHeaders(raw: NodeJS.Dict<string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? redact(text) : text;
  }
  return out;
}

function redact(authorization: string): string {
  const m = /^(\S+)\s+(.*)$/.exec(authorization.trim());
  return m ? `${m[1]} <${(m[2] as string).length} chars>` : `<${authorization.length} chars>`;
}
