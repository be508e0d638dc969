// Key Vault holding the storage connection string, readable only by the bot's managed identity.
//
// Why a Key Vault reference and not a plain app setting: the connection string carries the account key,
// which grants full control of the account. As a plain app setting it would be shown to anyone who can
// read the web app's configuration (Website Contributor, `az webapp config appsettings list`, the portal)
// and copied into every deployment slot and configuration backup. Behind a Key Vault reference the web app
// holds only the secret's URI; the key is read at start-up with the managed identity, every read is
// audited, and rotating the key means updating one secret (the versionless URI picks up the new version
// within 24 hours, or at once on restart).

@description('Key Vault name: 3-24 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Storage account whose connection string is stored (must exist in this resource group).')
param storageAccountName string

@description('Principal (object) id of the managed identity that may read the secret.')
param readerPrincipalId string

@description('Days a deleted vault or secret can be recovered. Default 7.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 7

// Built-in role "Key Vault Secrets User": read secret contents, nothing else.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    // Azure RBAC instead of access policies: the grant below is scoped to the one secret.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Purge protection cannot be turned off again; enable it for production vaults by hand or here.
    publicNetworkAccess: 'Enabled'
  }
}

resource connectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'storage-connection-string'
  properties: {
    contentType: 'Azure Storage connection string'
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

resource secretReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(connectionString.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  scope: connectionString
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
// Versionless URI: the web app follows rotations. Never output the secret's value.
output connectionStringSecretUri string = connectionString.properties.secretUri
