/**
 * Adaptive Cards: pure views (no network, no clock, no env, no Teams SDK). Each card is a JSON template
 * plus a typed view-model builder; every card is version 1.5, has fallback text and fits Teams' size limit.
 */
export {
  VERBS,
  ALL_VERBS,
  isCardVerb,
  cardActionDataSchema,
  parseCardAction,
  SETTABLE_STATUSES,
  SETTABLE_CLASSIFICATIONS,
  SETTABLE_DETERMINATIONS,
  MAX_COMMENT_LENGTH,
  MAX_ALERT_ID_LENGTH,
} from './actions';
export type { CardVerb, CardAction, CardActionOf, ParseCardActionResult } from './actions';

export { alertCard, alertIdOfCard } from './alertCard';
export type {
  AlertCardView,
  AlertSummary,
  DlpMatchView,
  CommentView,
  BannerView,
  FeatureAvailability,
  ResolutionView,
  CardTenant,
} from './alertView';
export { DEFAULT_CARD_TENANT } from './alertView';
export { pairMismatch, MAX_REASON_LENGTH } from './triageFields';
export { alertListCard } from './alertListCard';
export type { AlertListCardView } from './alertListCard';
export type { AlertListItemView } from './alertListItem';
export { digestCard } from './digestCard';
export type { DigestCardView } from './digestCard';
export { sitCard } from './sitCard';
export type { SitCardView, SitResultView, SitTypeView, SitSource } from './sitCard';
export { welcomeCard } from './welcomeCard';
export type { WelcomeCardView } from './welcomeCard';
export { helpCard } from './helpCard';
export type { HelpCardView } from './helpCard';
export { COMMAND_HELP } from './commands';
export type { CommandHelp } from './commands';
export { statusCard } from './statusCard';
export type { StatusCardView, PollerStatusView, FeatureStatusView, TenantsSummaryView } from './statusView';
export { dlpUserCard } from './dlpUserCard';
export type { DlpUserCardView, DlpUserAlertView } from './dlpUserCard';
export { auditCard } from './auditCard';
export type { AuditCardView, AuditEntryView } from './auditCard';
export { noticeCard } from './noticeCard';
export { tenantsCard, MAX_TENANTS_SHOWN } from './tenantsCard';
export type { TenantCardItem, TenantsCardView } from './tenantsCard';
export { reportCard, MAX_REPORT_ROWS } from './reportCard';
export type { ReportCardView } from './reportCard';
export type { NoticeCardView, NoticeKind } from './noticeCard';

export {
  statusLabel,
  classificationLabel,
  determinationLabel,
  sourceName,
  severityLook,
  matchHow,
} from './labels';
export type { SeverityLook } from './labels';
export { MAX_CARD_BYTES, CARD_SCHEMA_VERSION, cardBytes } from './render';
export type { AdaptiveCard } from './render';
export { md, plain, stripInvisible } from './text';
export { safeLink, tenantLink, withTenantId } from './urls';
export { snoozeSummaryCard } from './snoozeSummaryCard';
export type { SnoozeSummaryView } from './snoozeSummaryCard';
