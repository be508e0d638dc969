// Linux App Service plan + web app running the bot on Node 20. The app runs from the zip package that
// `m365agents.yml` deploys (built and pruned beforehand), so App Service builds nothing.

@description('Web app name, globally unique (<name>.azurewebsites.net).')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('App Service plan SKU: B1 or larger (always-on needs Basic or above).')
param skuName string

@description('Instances of the plan. Every instance runs one bot replica; one of them leads and polls.')
@minValue(1)
@maxValue(30)
param instanceCount int

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('App settings (environment variables of the bot), name to value.')
param appSettings object

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Any replica can serve any request (state is in Blob storage), so no sticky sessions.
    clientAffinityEnabled: false
    // Key Vault references are resolved with this identity (the site has no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // As `npm start` (package.json): --heap-growing-percent=50 keeps the first poll of a large backlog
      // from piling up garbage V8 would otherwise let grow to hundreds of MB (docs/deploy.md, Memory).
      appCommandLine: 'node --heap-growing-percent=50 dist/src/main.js'
      alwaysOn: true // the poller must keep running without inbound traffic
      // App Service pings every instance and replaces one that stays unhealthy.
      healthCheckPath: '/readyz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [for setting in items(appSettings): { name: setting.key, value: string(setting.value) }]
    }
  }
}

output id string = site.id
output defaultHostName string = site.properties.defaultHostName
