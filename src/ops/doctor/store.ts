import { existsSync } from 'node:fs';
import type { Config } from '../../config';
import { errorMessage, StoreError } from '../../errors';
import type { Logger } from '../../log';
import { createStorage, type OpenedStorage } from '../../store';
import { describeConfig } from './config';
import { fail, ok, warn, within, type DoctorCheck } from './types';

/**
 * Opens the configured store and pings it (SQLite: the file opens and answers; Azure Blob: the
 * container answers), then closes it. A SQLite file held by the running bot is reported, not failed.
 */
export async function checkStore(config: Config, logger: Logger, timeoutMs: number): Promise<DoctorCheck> {
  const name = 'store';
  const what = describeConfig(config).split('; store ')[1] ?? config.store.kind;
  let storage: OpenedStorage | undefined;
  const isNew = config.store.kind === 'sqlite' && !existsSync(config.store.path);
  const attempt = async (): Promise<DoctorCheck> => {
    try {
      storage = await createStorage(config.store, { logger, replicaId: 'doctor' });
      await storage.store.ping();
      if (config.store.kind === 'memory')
        return warn(
          name,
          'memory: everything is lost when the bot stops (tests only); use sqlite:<path> or azure-blob',
        );
      // Opening a SQLite store creates the file, as the bot itself would at its first start.
      return ok(name, `${what} ${isNew ? 'was created (empty) and answers' : 'opens and answers'}`);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'store_locked')
        return warn(
          name,
          `${what} is in use by a running bot (that is fine; stop it to check the file itself)`,
        );
      return fail(name, `${what} does not answer: ${errorMessage(err)}`);
    }
  };
  const result = await within(timeoutMs, attempt(), () =>
    fail(name, `${what} did not answer within ${Math.round(timeoutMs / 1000)} s`),
  );
  await storage
    ?.close()
    .catch((err: unknown) => logger.debug({ err: errorMessage(err) }, 'store close failed'));
  return result;
}
