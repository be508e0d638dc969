// Azure Bot registration whose identity is the user-assigned managed identity (no app secret to store
// or rotate), with the Microsoft Teams channel enabled.

@description('Azure Bot resource name (2-64 characters).')
param name string

@description('Display name of the bot in the Azure portal.')
@maxLength(42)
param displayName string

@description('F0 (free) is enough for Teams, a standard channel; S1 for premium channels.')
@allowed(['F0', 'S1'])
param skuName string

@description('Messaging endpoint: https://<web app>/api/messages.')
param endpoint string

@description('Client id of the managed identity (the bot\'s app id, BOT_ID).')
param identityClientId string

@description('Resource id of the managed identity.')
param identityId string

@description('Tenant of the managed identity (BOT_TENANT_ID).')
param tenantId string

@description('Tags for every resource.')
param tags object

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: skuName }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: identityClientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identityId
    msaAppTenantId: tenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      // Without it Teams' app validation reports the bot as not registered for Teams.
      acceptedTerms: true
    }
  }
}

output name string = bot.name
