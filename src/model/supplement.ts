import type { SecurityNamespace } from '@microsoft/microsoft-graph-types';

/**
 * What Graph's v1.0 metadata has and `@microsoft/microsoft-graph-types` 2.43.1 (pinned in package.json)
 * does not yet. Each entry names where it comes from; delete it here once the package catches up.
 *
 * - `serviceSource` `microsoftSecurityForAI`: in the metadata after `unknownFutureValue` (sent only with
 *   `Prefer: include-unknown-enum-members`), missing from the package's `ServiceSource`.
 * - `aiAgentEvidence`: an evidence subtype of the metadata (an AI agent named in an alert); it names no
 *   user, device or mailbox, so correlation reads nothing from it, but parsing keeps it.
 * - `alert.categories` and `alert.investigationState`: in the metadata's `microsoft.graph.security.alert`
 *   (35 properties), missing from the package's `Alert` (33).
 * - `@odata.type`: every evidence entry on the wire carries it (the type is polymorphic); the package's
 *   interfaces leave the OData annotation out.
 */
export type SupplementServiceSource = 'microsoftSecurityForAI';

/** `microsoft.graph.security.aiAgentEvidence` (metadata v1.0; not in the package). */
export interface AiAgentEvidence extends SecurityNamespace.AlertEvidence {
  /** The agent's id in its platform. */
  agentId?: string | null;
  /** The agent's display name. */
  agentName?: string | null;
  /** `aiAgentPlatform`: unknown, azureAIFoundry, copilotStudio, copilot, unknownFutureValue. */
  hostingPlatformType?:
    'unknown' | 'azureAIFoundry' | 'copilotStudio' | 'copilot' | 'unknownFutureValue' | null;
  /** The agent's instructions as captured by the detection. */
  instructions?: string | null;
}

/** Evidence kinds the metadata has and the package lacks, keyed like `EvidenceTypes` in evidence.ts. */
export interface SupplementEvidenceTypes {
  aiAgentEvidence: AiAgentEvidence;
}

/** Alert properties the metadata has and the package lacks. */
export interface SupplementAlertProperties {
  /** The attack categories (the metadata's collection beside the single `category`). */
  categories?: string[] | null;
  /**
   * The automated investigation's state (`investigationState` enum: unknown, terminated,
   * successfullyRemediated, benign, failed, partiallyRemediated, running, pendingApproval, …). Open string;
   * not filterable (a `$filter` on it is answered 400).
   */
  investigationState?: string | null;
}
