// Defender DLP Bot on Azure: one resource group holding
//   - a user-assigned managed identity: the bot's Bot Framework identity (BOT_TYPE=UserAssignedMsi) and its
//     Microsoft Graph identity (AZURE_CLIENT_ID alone = managed identity). Graph application permissions are
//     granted to it after deployment (docs/deploy.md): ARM cannot assign Graph app roles.
//   - a Linux App Service plan + web app on Node 20 (always on, health check /readyz, N instances),
//   - an Azure Bot with the Teams channel,
//   - a storage account + blob container for the shared state (STORE=azure-blob; one replica leads),
//   - a Key Vault holding the storage connection string, read through a Key Vault reference,
//   - Log Analytics + Application Insights.
// Deployed by `m365agents.yml` (arm/deploy with azure.parameters.json) or by `az deployment group create`.

targetScope = 'resourceGroup'

@description('Prefix of every resource name: lower-case letters and digits, e.g. dlpbotdev01. Globally unique names (web app, bot, storage, Key Vault) also get a hash of the resource group.')
@minLength(3)
@maxLength(16)
param resourceBaseName string

@description('Region of every regional resource. Default: the resource group\'s.')
param location string = resourceGroup().location

@description('App Service plan SKU: B1 or larger (always-on needs Basic or above); P0v3 for production.')
param webAppSku string = 'B1'

@description('Web app instances, as text because the Agents Toolkit passes env values as strings. Default 2.')
param instanceCount string = '2'

@description('Display name of the Azure Bot.')
@maxLength(42)
param botDisplayName string = 'Defender DLP Bot'

@description('Azure Bot SKU: F0 (free) is enough for Teams.')
@allowed(['F0', 'S1'])
param botServiceSku string = 'F0'

@description('Storage replication for the state account.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSku string = 'Standard_LRS'

// Bot configuration: strings, because they become app settings (environment variables). Defaults are the
// bot's own defaults; see env/.env.dev for what each one means.

@description('GRAPH_BASE_URL: Microsoft Graph endpoint.')
param graphBaseUrl string = 'https://graph.microsoft.com'

@description('POLL_INTERVAL_SECONDS: seconds between two polls.')
param pollIntervalSeconds string = '60'

@description('INITIAL_LOOKBACK_HOURS: hours the first poll reads back.')
param initialLookbackHours string = '24'

@description('CORRELATION_WINDOW_MINUTES: ± minutes within which DLP and Defender activity correlate.')
param correlationWindowMinutes string = '30'

@description('ALERT_RETENTION_DAYS: days tracked alerts are kept past the window.')
param alertRetentionDays string = '7'

@description('MAX_NEW_CARDS_PER_MINUTE: new cards per channel per minute before a digest card.')
param maxNewCardsPerMinute string = '20'

@description('SUBSCRIBE_BACKFILL_HOURS: hours of open correlated alerts a new subscription is shown (0 = none).')
param subscribeBackfillHours string = '24'

@description('INSIDER_RISK_CARDS: on = Insider Risk alerts are carded in the sensitive route only.')
param insiderRiskCards string = 'off'

@description('SENSITIVE_DLP_POLICIES: comma list of DLP policy names routed only to the sensitive route.')
param sensitiveDlpPolicies string = ''

@description('AZURE_STORAGE_CONTAINER: blob container of the state (3-63 lower-case letters, digits, hyphens).')
@minLength(3)
@maxLength(63)
param storageContainerName string = 'defender-dlp-bot'

@description('LEADER_LEASE_SECONDS: leader lease period, 15-60 seconds.')
param leaderLeaseSeconds string = '15'

@description('TENANT_LEASE_SECONDS: lease of each tenant\'s polling, 15-60 seconds (empty: LEADER_LEASE_SECONDS; 60 for hundreds of tenants).')
param tenantLeaseSeconds string = ''

@description('SOC_ANALYSTS: comma list of Entra object ids or UPNs allowed to act on alerts.')
param socAnalysts string = ''

@description('SOC_ANALYST_GROUP_ID: Entra group whose members may act on alerts.')
param socAnalystGroupId string = ''

@description('LOG_LEVEL: fatal, error, warn, info, debug, trace or silent.')
param logLevel string = 'info'

@description('ROSTER_CACHE_MINUTES: minutes a card action\'s actor (name, UPN) is reused per replica.')
param rosterCacheMinutes string = '60'

@description('ROSTER_CACHE_MAX_USERS: users whose lookup each replica remembers.')
param rosterCacheMaxUsers string = '5000'

@description('ROSTER_READS_PER_CONVERSATION_PER_MINUTE: Teams roster reads per conversation per minute (0 = never).')
param rosterReadsPerConversationPerMinute string = '6'
@description('REPORT_SCHEDULE: local times of the scheduled shift report, HH:MM comma-separated; empty = none.')
param reportSchedule string = ''

@description('REPORT_TIME_ZONE: IANA time zone of REPORT_SCHEDULE (e.g. Europe/Paris).')
param reportTimeZone string = 'UTC'

@description('DEFENDER_SOURCES: serviceSource names whose alerts count as Defender alerts (comma list); empty = Defender XDR\'s own sources.')
param defenderSources string = ''

@description('POLL_PAGE_SIZE: $top of each alerts listing request, 1-1000.')
param pollPageSize string = '1000'

@description('POLL_REQUESTS_PER_MINUTE: the poller\'s share of Graph\'s 150 requests/min on /security.')
param pollRequestsPerMinute string = '100'

@description('MAX_ALERTS_PER_IDENTITY: alerts in one window above which an identity is shared (weak evidence).')
param maxAlertsPerIdentity string = '50'

@description('BACKLOG_DIGEST_AGE_HOURS: after an outage, correlations older than this are digested.')
param backlogDigestAgeHours string = '6'

@description('AZURE_CLIENT_ID for Graph: empty = the managed identity (one tenant); else the multi-tenant app registration consented in each customer tenant, with a federated credential trusting the managed identity (MANAGED_IDENTITY_CLIENT_ID is then set to it).')
param graphAppClientId string = ''

@description('TENANTS_FILE: path on the web app of the customer tenants file (YAML or JSON); empty = one tenant.')
param tenantsFile string = ''

@description('Tags for every resource.')
param tags object = { app: 'defender-dlp-bot' }

var baseName = toLower(resourceBaseName)
var unique = uniqueString(resourceGroup().id, baseName)
// Storage accounts allow only letters and digits; Key Vault names start with a letter, no double hyphens.
var storageAccountName = take('st${replace(baseName, '-', '')}${unique}', 24)
var keyVaultName = take('kv${replace(baseName, '-', '')}${unique}', 24)
// The web app's host name and the bot's handle are global: a short hash keeps two tenants from colliding.
var appName = '${baseName}-${take(unique, 6)}'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-id'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { baseName: baseName, location: location, tags: tags }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    containerName: storageContainerName
    skuName: storageSku
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    readerPrincipalId: identity.properties.principalId
  }
}

// Every configuration key the bot reads (src/config). Deliberately absent:
//   PORT                          App Service assigns it (the bot listens on process.env.PORT).
//   BOT_PASSWORD                  a managed identity has no secret.
//   AZURE_CLIENT_SECRET           idem: Graph tokens come from the managed identity.
//   AZURE_CLIENT_CERTIFICATE_PATH idem.
//   REPLICA_ID                    each instance defaults to its own host name, which is what we want.
var appSettings = {
  // Run from the deployed zip as is: it already holds dist/ and production node_modules.
  WEBSITE_RUN_FROM_PACKAGE: '1'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  NODE_ENV: 'production'
  BOT_ID: identity.properties.clientId
  BOT_TYPE: 'UserAssignedMsi'
  BOT_TENANT_ID: identity.properties.tenantId
  GRAPH_BASE_URL: graphBaseUrl
  AZURE_TENANT_ID: identity.properties.tenantId
  AZURE_CLIENT_ID: empty(graphAppClientId) ? identity.properties.clientId : graphAppClientId
  // A managed identity gets no tokens in other tenants: the multi-tenant app asserts with the identity's token.
  MANAGED_IDENTITY_CLIENT_ID: empty(graphAppClientId) ? '' : identity.properties.clientId
  TENANTS_FILE: tenantsFile
  POLL_INTERVAL_SECONDS: pollIntervalSeconds
  INITIAL_LOOKBACK_HOURS: initialLookbackHours
  CORRELATION_WINDOW_MINUTES: correlationWindowMinutes
  ALERT_RETENTION_DAYS: alertRetentionDays
  MAX_NEW_CARDS_PER_MINUTE: maxNewCardsPerMinute
  SUBSCRIBE_BACKFILL_HOURS: subscribeBackfillHours
  INSIDER_RISK_CARDS: insiderRiskCards
  SENSITIVE_DLP_POLICIES: sensitiveDlpPolicies
  STORE: 'azure-blob'
  AZURE_STORAGE_CONNECTION_STRING: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.connectionStringSecretUri})'
  AZURE_STORAGE_CONTAINER: storageContainerName
  LEADER_LEASE_SECONDS: leaderLeaseSeconds
  TENANT_LEASE_SECONDS: tenantLeaseSeconds
  SOC_ANALYSTS: socAnalysts
  SOC_ANALYST_GROUP_ID: socAnalystGroupId
  LOG_LEVEL: logLevel
  REPORT_SCHEDULE: reportSchedule
  REPORT_TIME_ZONE: reportTimeZone
  DEFENDER_SOURCES: defenderSources
  POLL_PAGE_SIZE: pollPageSize
  POLL_REQUESTS_PER_MINUTE: pollRequestsPerMinute
  MAX_ALERTS_PER_IDENTITY: maxAlertsPerIdentity
  BACKLOG_DIGEST_AGE_HOURS: backlogDigestAgeHours
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  ROSTER_CACHE_MINUTES: rosterCacheMinutes
  ROSTER_CACHE_MAX_USERS: rosterCacheMaxUsers
  ROSTER_READS_PER_CONVERSATION_PER_MINUTE: rosterReadsPerConversationPerMinute
}

module webApp 'modules/webapp.bicep' = {
  name: 'webapp'
  params: {
    name: appName
    location: location
    tags: tags
    skuName: webAppSku
    instanceCount: int(instanceCount)
    identityId: identity.id
    appSettings: appSettings
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: appName
    displayName: botDisplayName
    skuName: botServiceSku
    endpoint: 'https://${webApp.outputs.defaultHostName}/api/messages'
    identityClientId: identity.properties.clientId
    identityId: identity.id
    tenantId: identity.properties.tenantId
    tags: tags
  }
}

// The Agents Toolkit writes these outputs into env/.env.<env> under the same names (arm/deploy).
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.outputs.id
output BOT_DOMAIN string = webApp.outputs.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.outputs.defaultHostName}'
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output KEY_VAULT_NAME string = keyVault.outputs.name
