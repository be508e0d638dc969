/** The batch engine: a whole listing at once (the dry run, benchmarks); agrees with the reducer. */
export { correlateBatch } from './engine';
