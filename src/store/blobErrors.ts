/**
 * How Azure Blob failures reach callers: a lost condition is a StoreConflictError (re-read and retry),
 * anything else a StoreError('store_unavailable') that keeps the SDK error as its cause.
 */
import { StoreConflictError, StoreError, errorMessage } from '../errors';

/** The parts of the SDK's RestError this module reads. */
interface RestErrorLike {
  statusCode?: number;
  code?: string;
  details?: { errorCode?: string };
}

/** The HTTP status of an SDK error, or undefined when no answer came back (network, timeout). */
export function statusOf(err: unknown): number | undefined {
  const status = (err as RestErrorLike | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function errorCodeOf(err: unknown): string | undefined {
  const e = err as RestErrorLike | undefined;
  return e?.details?.errorCode ?? e?.code;
}

/** True for 412 (If-Match failed) and 409 (If-None-Match: * found a blob, or a lease got in the way). */
export function isConflict(err: unknown): boolean {
  const status = statusOf(err);
  return status === 412 || status === 409;
}

/** Translates an SDK error met while working on `key` (or on the container when key is undefined). */
export function toStoreError(err: unknown, what: string, key?: string): Error {
  if (key !== undefined && isConflict(err)) return new StoreConflictError(key);
  if (err instanceof StoreConflictError || err instanceof StoreError || err instanceof RangeError) return err;
  const status = statusOf(err);
  const code = errorCodeOf(err);
  const detail = `${status ?? 'no answer'}${code ? ` ${code}` : ''}`;
  let advice = 'Check that the storage account is reachable; the bot retries on its own.';
  if (status === 401 || status === 403)
    advice = 'Check AZURE_STORAGE_CONNECTION_STRING (account key or SAS).';
  else if (status === 404) advice = 'Check that the container exists and the account name is right.';
  return new StoreError(
    'store_unavailable',
    `Azure Blob storage failed to ${what} (${detail}): ${firstLine(errorMessage(err))} ${advice}`,
    { cause: err },
  );
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
