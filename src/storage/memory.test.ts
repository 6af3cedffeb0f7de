import { describeStoreContract } from './store-contract.testkit.ts';
import { MemoryStore } from './memory.ts';

describeStoreContract('MemoryStore', async (opts) => new MemoryStore(opts));
