/**
 * Short form (part of `npm test`, a few minutes) or full form (`npm run test:reliability`, RELIABILITY=full,
 * which also rewrites docs/reliability.md). Every size the suite uses is chosen here, in one place.
 */

/** True under `npm run test:reliability`. */
export const FULL = process.env.RELIABILITY === 'full';

/** The form's name, as the report writes it. */
export const FORM = FULL ? 'full' : 'short';

export const SIZES = FULL
  ? {
      /** kill -9 of the child bot during the crash run. */
      crashKills: 20,
      /** Correlated pairs added before each life of the crash run's bot (and while it is down). */
      crashPairsPerLife: 3,
      burstPairs: 1000,
      /** Correlated pairs per Graph fault case. */
      graphPairsPerCase: 3,
      /** Alerts queued behind a slow connector. */
      slowConnectorPairs: 400,
    }
  : {
      crashKills: 3,
      crashPairsPerLife: 2,
      burstPairs: 150,
      graphPairsPerCase: 2,
      slowConnectorPairs: 250,
    };

/** `describe` in the full form only (the skipped suite is named in the short form's output). */
export const describeFull = FULL ? describe : describe.skip;
