// The storage account and blob container holding the bot's state (STORE=azure-blob): tracked alerts,
// subscriptions, card references, the audit trail and the leader lease shared by every replica.

@description('Storage account name: 3-24 lower-case letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Blob container for the bot\'s state (AZURE_STORAGE_CONTAINER).')
param containerName string

@description('Replication. Standard_LRS by default; Standard_ZRS where the region offers zones.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param skuName string = 'Standard_LRS'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: skuName }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The bot authenticates with a connection string (@azure/storage-blob + account key), so shared key
    // access must stay on. The key itself only lives in Key Vault (see keyvault.bicep).
    allowSharedKeyAccess: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // Container soft delete guards against deleting the whole state by mistake. Blob soft delete is left
    // off on purpose: the bot rewrites its state blobs every poll, and each overwrite would be kept.
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: containerName
  properties: { publicAccess: 'None' }
}

output name string = account.name
output id string = account.id
