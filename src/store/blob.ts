/**
 * The store for several replicas: one block blob per key in an Azure Blob container (JSON content),
 * optimistic concurrency on the blob ETag. Every write carries a condition when the caller gave one:
 * `If-Match` for updates and deletes, `If-None-Match: *` for creates.
 */
import { BlobServiceClient, type ContainerClient, type StorageRetryOptions } from '@azure/storage-blob';
import { buffer } from 'node:stream/consumers';
import { StoreConflictError, StoreError, errorMessage } from '../errors';
import type { Logger } from '../log';
import { blobNameOf, blobPrefixOf, keyOfBlobName } from './blobNames';
import { statusOf, toStoreError } from './blobErrors';
import {
  assertValidKey,
  assertValidPrefix,
  checkConditions,
  checkListOptions,
  encodeValue,
  selectKeys,
} from './keys';
import { mapLimit } from './mapLimit';
import type { BatchOp, ListOptions, PutOptions, Store, StoredItem } from './types';

/** Options of `openBlobStore`. */
export interface BlobStoreOptions {
  /** An Azure Storage connection string (account key or SAS). Never logged. */
  connectionString: string;
  /** Container name (3–63 lowercase letters, digits and single hyphens); created when missing. */
  container: string;
  logger?: Logger;
  /** Downloads in flight while listing. Default 16. */
  listConcurrency?: number;
  /**
   * SDK retry policy. Default: 3 tries, 200 ms first delay, 2 s at most between tries, 30 s per try, so
   * a dead account is reported within seconds (the SDK default waits about half a minute).
   */
  retry?: StorageRetryOptions;
}

/** The retry policy of every Azure Blob client the store creates (see `BlobStoreOptions.retry`). */
export const BLOB_RETRY: StorageRetryOptions = {
  maxTries: 3,
  retryDelayInMs: 200,
  maxRetryDelayInMs: 2000,
  tryTimeoutInMs: 30_000,
};
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Connects to the container (creating it when missing) and returns the store. */
export async function openBlobStore(o: BlobStoreOptions): Promise<BlobStore> {
  const container = containerClientFor(o);
  try {
    await container.createIfNotExists();
  } catch (err) {
    throw toStoreError(err, `create or open container "${o.container}"`);
  }
  o.logger?.info({ account: container.accountName, container: o.container }, 'azure blob store opened');
  return new BlobStore(container, o);
}

/** A ContainerClient for the options, with the store's retry policy; validates the container name. */
export function containerClientFor(o: Omit<BlobStoreOptions, 'logger'>): ContainerClient {
  if (!CONTAINER_NAME.test(o.container ?? '')) {
    throw new RangeError(
      `Azure Blob container name "${o.container}" is invalid: use 3-63 lowercase letters, digits and single hyphens.`,
    );
  }
  try {
    const service = BlobServiceClient.fromConnectionString(o.connectionString, {
      retryOptions: { ...BLOB_RETRY, ...o.retry },
    });
    return service.getContainerClient(o.container);
  } catch (err) {
    // The SDK's messages name the bad part ("Invalid AccountKey in the provided Connection String")
    // without quoting the string itself, so they are safe to pass on.
    throw new StoreError(
      'store_unavailable',
      `Azure Storage connection string rejected: ${errorMessage(err)}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * Etags are the blob ETags. `list` lists blob names under the prefix, orders and pages the keys itself
 * (code point order, like the other stores) and downloads only the page. A batch is not atomic.
 */
export class BlobStore implements Store {
  readonly kind = 'azure-blob';
  private readonly concurrency: number;

  /** Use `openBlobStore`. `container` must exist. */
  constructor(
    readonly container: ContainerClient,
    o: Pick<BlobStoreOptions, 'listConcurrency'> = {},
  ) {
    this.concurrency = Math.max(1, Math.floor(o.listConcurrency ?? 16));
  }

  async get<T>(key: string): Promise<StoredItem<T> | undefined> {
    assertValidKey(key);
    return this.download<T>(key);
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    assertValidKey(key);
    checkConditions(key, options);
    const body = Buffer.from(encodeValue(key, value), 'utf8');
    const blob = this.container.getBlockBlobClient(blobNameOf(key));
    try {
      const res = await blob.upload(body, body.length, {
        conditions: { ifMatch: options.ifMatch, ifNoneMatch: options.ifNoneMatch },
        blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
      });
      return res.etag!;
    } catch (err) {
      // With If-Match on a missing blob Azure may answer 404: the caller's version is gone, a conflict.
      if (options.ifMatch !== undefined && statusOf(err) === 404) throw new StoreConflictError(key);
      throw toStoreError(err, `write "${key}"`, key);
    }
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<boolean> {
    assertValidKey(key);
    checkConditions(key, options);
    try {
      await this.container.deleteBlob(blobNameOf(key), { conditions: { ifMatch: options.ifMatch } });
      return true;
    } catch (err) {
      if (statusOf(err) === 404) {
        if (options.ifMatch !== undefined) throw new StoreConflictError(key);
        return false;
      }
      throw toStoreError(err, `delete "${key}"`, key);
    }
  }

  /** Lists blob names under the prefix, orders and pages them here, then downloads the page in parallel. */
  async list<T>(prefix: string, options: ListOptions = {}): Promise<StoredItem<T>[]> {
    assertValidPrefix(prefix);
    if (checkListOptions(options).limit === 0) return [];
    const keys: string[] = [];
    try {
      for await (const blob of this.container.listBlobsFlat({ prefix: blobPrefixOf(prefix) })) {
        const key = keyOfBlobName(blob.name);
        if (key !== undefined) keys.push(key);
      }
    } catch (err) {
      throw toStoreError(err, `list "${prefix}"`);
    }
    const selected = selectKeys(keys, prefix, options);
    const items = await mapLimit(selected, this.concurrency, (key) => this.download<T>(key));
    // A blob deleted between the listing and its download is simply no longer part of the answer.
    return items.filter((item): item is StoredItem<T> => item !== undefined);
  }

  /**
   * The keys under `prefix`, in key order, without downloading a value: one listing call per 5,000 keys.
   * The leader's outbox doorbell uses it to see which tenants have work without reading every outbox.
   */
  async listKeys(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix);
    const keys: string[] = [];
    try {
      for await (const blob of this.container.listBlobsFlat({ prefix: blobPrefixOf(prefix) })) {
        const key = keyOfBlobName(blob.name);
        if (key !== undefined) keys.push(key);
      }
    } catch (err) {
      throw toStoreError(err, `list "${prefix}"`);
    }
    return selectKeys(keys, prefix, {});
  }

  /** One op at a time, each with its own condition; the first failure stops the batch and is thrown. */
  async batch(ops: BatchOp[]): Promise<void> {
    if (!Array.isArray(ops)) throw new RangeError('Store batch expects an array of operations.');
    for (const op of ops) {
      if (op.op === 'put')
        await this.put(op.key, op.value, { ifMatch: op.ifMatch, ifNoneMatch: op.ifNoneMatch });
      else await this.delete(op.key, { ifMatch: op.ifMatch });
    }
  }

  async ping(): Promise<void> {
    try {
      await this.container.getProperties();
    } catch (err) {
      throw toStoreError(err, `reach container "${this.container.containerName}"`);
    }
  }

  /** Nothing to release: the SDK's HTTP connections are pooled and closed with the process. */
  async close(): Promise<void> {}

  private async download<T>(key: string): Promise<StoredItem<T> | undefined> {
    try {
      const res = await this.container.getBlobClient(blobNameOf(key)).download();
      const body = res.readableStreamBody ? await buffer(res.readableStreamBody) : Buffer.alloc(0);
      return { key, value: parseJson<T>(key, body), etag: res.etag! };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw toStoreError(err, `read "${key}"`);
    }
  }
}

function parseJson<T>(key: string, body: Buffer): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (err) {
    throw new StoreError(
      'store_unavailable',
      `The blob of "${key}" does not hold JSON (${errorMessage(err)}); was it written by another tool?`,
      { cause: err },
    );
  }
}
