/**
 * Internals of the Teams test helpers. Tests import the public surface from `test/helpers/activities`
 * and `test/helpers/fakeConnector`; this index only lists what those two re-export.
 */
export * from './connectorTypes';
export * from './defaults';
export type {
  ActivityContext,
  ActivityEnvelope,
  TeamsAccount,
  TeamsActivity,
  TeamsConversation,
  TeamsScope,
} from './envelope';
export { parseConversationId, personalConversationId, threadConversationId } from './ids';
export { postActivity, type PostActivityOptions, type PostActivityResult } from './post';
