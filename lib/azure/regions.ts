/** Azure regions, in the programmatic form `location` takes (for validation). */
export const AZURE_REGIONS: readonly string[] = [
  'eastus', 'eastus2', 'centralus', 'northcentralus', 'southcentralus', 'westcentralus', 'westus', 'westus2', 'westus3',
  'canadacentral', 'canadaeast', 'brazilsouth', 'mexicocentral', 'chilecentral',
  'northeurope', 'westeurope', 'uksouth', 'ukwest', 'francecentral', 'germanywestcentral', 'italynorth', 'norwayeast', 'polandcentral', 'spaincentral', 'swedencentral', 'switzerlandnorth', 'austriaeast', 'belgiumcentral',
  'uaenorth', 'qatarcentral', 'israelcentral', 'southafricanorth',
  'centralindia', 'southindia', 'westindia', 'eastasia', 'southeastasia', 'japaneast', 'japanwest', 'koreacentral', 'koreasouth',
  'australiaeast', 'australiasoutheast', 'australiacentral', 'newzealandnorth', 'indonesiacentral', 'malaysiawest',
];
