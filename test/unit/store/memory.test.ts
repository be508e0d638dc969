import { MemoryStore, toBotStorage } from '../../../src/store';
import { describeBotStorageContract } from '../../helpers/botStorageContract';
import { describeStoreContract } from '../../helpers/storeContract';

describeStoreContract('MemoryStore', async () => new MemoryStore(), { atomicBatch: true });
describeBotStorageContract('toBotStorage(MemoryStore)', async () => toBotStorage(new MemoryStore()));
