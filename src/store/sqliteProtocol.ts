/**
 * What crosses between `SqliteStore` and its engine (on the worker thread or the caller's): the requests,
 * the answers, and errors flattened to data and rebuilt as the same classes on the caller's side.
 */
import { StoreConflictError, StoreError, errorMessage } from '../errors';
import type { EncodedOp, RangeQuery, Row, SqliteEngine } from './sqliteEngine';

export type Request =
  | { method: 'get'; key: string }
  | { method: 'list'; query: RangeQuery }
  | { method: 'write'; ops: EncodedOp[] }
  | { method: 'ping' }
  | { method: 'close' };

/** The result type of each request. */
export interface Results {
  get: Row | undefined;
  list: Row[];
  write: string[];
  ping: undefined;
  close: undefined;
}

/** An error as data: what the caller needs to throw the same error class with the same message. */
export type WireError =
  | { kind: 'conflict'; key: string }
  | { kind: 'store'; code: 'store_unavailable' | 'store_locked'; message: string }
  | { kind: 'range' | 'type' | 'sqlite'; message: string };

export type Answer = { ok: true; result: unknown } | { ok: false; error: WireError };

/** Runs one request against the engine; never throws (the error travels in the answer). */
export function serve(engine: SqliteEngine, request: Request): Answer {
  try {
    return { ok: true, result: dispatch(engine, request) };
  } catch (err) {
    return { ok: false, error: toWire(err) };
  }
}

function dispatch(engine: SqliteEngine, r: Request): unknown {
  switch (r.method) {
    case 'get':
      return engine.get(r.key);
    case 'list':
      return engine.list(r.query);
    case 'write':
      return engine.write(r.ops);
    case 'ping':
      return engine.ping();
    case 'close':
      return engine.close();
  }
}

export function toWire(err: unknown): WireError {
  if (err instanceof StoreConflictError) return { kind: 'conflict', key: err.key };
  if (err instanceof StoreError)
    return { kind: 'store', code: err.code as 'store_unavailable' | 'store_locked', message: err.message };
  if (err instanceof RangeError) return { kind: 'range', message: err.message };
  if (err instanceof TypeError) return { kind: 'type', message: err.message };
  return { kind: 'sqlite', message: errorMessage(err) };
}

/** The error to throw on the caller's side; SQLite's own failures become store_unavailable. */
export function fromWire(e: WireError, path: string): Error {
  switch (e.kind) {
    case 'conflict':
      return new StoreConflictError(e.key);
    case 'store':
      return new StoreError(e.code, e.message);
    case 'range':
      return new RangeError(e.message);
    case 'type':
      return new TypeError(e.message);
    case 'sqlite':
      return new StoreError('store_unavailable', `SQLite store ${path} failed: ${e.message}`);
  }
}
