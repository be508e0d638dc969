import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src/log';

/** A real pino logger whose lines the test can read. */
export function capturedLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination: sink });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
