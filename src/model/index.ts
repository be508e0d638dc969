/**
 * The alert model: Graph Security API v2 alerts and evidence typed from `@microsoft/microsoft-graph-types`
 * (Graph's v1.0 metadata) with every enum open, what the package lacks (supplement.ts), and the pure
 * parsing of wire JSON into it. Depends on nothing of the product.
 */
export * from './alert';
export * from './classify';
export * from './enums';
export * from './evidence';
export type { OpenEnum, Widen } from './open';
export * from './parse';
export type {
  AiAgentEvidence,
  SupplementAlertProperties,
  SupplementEvidenceTypes,
  SupplementServiceSource,
} from './supplement';
export * from './triage';
export * from './workload';
