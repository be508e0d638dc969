// Log Analytics workspace + workspace-based Application Insights: the bot's logs, requests and dependency
// calls (Graph, Blob) in one place. Classic (non-workspace) Application Insights is retired.

@description('Name prefix, e.g. dlpbotdev01.')
param baseName string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Days Log Analytics keeps data. Default 30 (included in the price).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-logs'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-ai'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// Not a secret: Microsoft documents the connection string as an identifier, so a plain app setting is fine.
output connectionString string = appInsights.properties.ConnectionString
output workspaceId string = workspace.id
