export { AlertReadModel, toListItem } from './readModel';
export type { ReadModelDeps } from './readModel';
export { alertCardView, cardVersionOf, primaryUser } from './view';
export type { AlertViewOptions } from './view';
export { DlpPolicyClassifier } from './dlpPolicies';
export type { DlpPolicyOptions } from './dlpPolicies';
