'use strict';
// Values on the wire (Terraform's msgpack object encoding, docs/plugin-protocol/object-wire-format.md
// in hashicorp/terraform) and what a stand-in does with them: plan (computed values unknown),
// apply (plausible computed values), read, import, upgrade.
const crypto = require('crypto');
const { Decoder, Encoder, ExtensionCodec } = require('@msgpack/msgpack');

/** An unknown value ("known after apply"). */
const UNKNOWN = Object.freeze({ unknown: true });

const codec = new ExtensionCodec();
// Unknown values: extension 0 (unrefined, payload ignored) or 12 (refined, payload a map of
// refinements). Both decode to UNKNOWN; we always encode the unrefined form.
codec.register({ type: 0, encode: (v) => (v === UNKNOWN ? new Uint8Array([0]) : null), decode: () => UNKNOWN });
codec.register({ type: 12, encode: () => null, decode: () => UNKNOWN });
const encoder = new Encoder({ extensionCodec: codec });
const decoder = new Decoder({ extensionCodec: codec });

function decodeDynamic(dv) {
  if (!dv) return null;
  if (dv.msgpack && dv.msgpack.length) return decoder.decode(dv.msgpack);
  if (dv.json && dv.json.length) return JSON.parse(Buffer.from(dv.json).toString('utf8'));
  return null;
}
const encodeDynamic = (value) => ({ msgpack: Buffer.from(encoder.encode(value)) });

/** The object type a block's values have (Terraform's "implied type" of a block). */
function blockType(block) {
  const attrs = {};
  for (const [k, a] of Object.entries(block.attributes)) attrs[k] = a.type;
  for (const [k, nb] of Object.entries(block.blocks)) {
    const obj = blockType(nb.block);
    attrs[k] = nb.nesting === 'single' ? obj : [nb.nesting, obj];
  }
  return ['object', attrs];
}

/** A JSON value (state file, import) made to conform to a type: absent attributes become null. */
function conform(value, type) {
  if (value === null || value === undefined || value === UNKNOWN) return value === undefined ? null : value;
  // A dynamic value in a JSON state is {"value", "type"} (cty's JSON); on the wire it is [type JSON, value].
  if (type === 'dynamic') return value && typeof value === 'object' && !Array.isArray(value) && 'type' in value && 'value' in value ? [Buffer.from(JSON.stringify(value.type)), value.value] : value;
  if (!Array.isArray(type)) return value;
  const [kind, inner] = type;
  if (kind === 'object') {
    const out = {};
    for (const [k, t] of Object.entries(inner)) out[k] = conform(value[k], t);
    return out;
  }
  if (kind === 'map') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, conform(v, inner)]));
  return value.map((v) => conform(v, inner));
}

/** Empty nested blocks are empty collections, never null (what Terraform sends for them). */
function emptyBlocks(block, value) {
  if (!value || value === UNKNOWN) return value;
  for (const [k, nb] of Object.entries(block.blocks)) {
    if (value[k] === null && nb.nesting !== 'single') value[k] = nb.nesting === 'map' ? {} : [];
    forEachElement(nb, value[k], (el) => emptyBlocks(nb.block, el));
  }
  return value;
}

function forEachElement(nb, v, fn) {
  if (v === null || v === UNKNOWN || v === undefined) return;
  if (nb.nesting === 'single') fn(v, null);
  else if (nb.nesting === 'map') for (const [k, el] of Object.entries(v)) fn(el, k);
  else v.forEach((el, i) => fn(el, i));
}

/**
 * The planned new state: Terraform's proposed new state (config merged with prior state for
 * computed attributes), with every computed attribute that still has no value left unknown.
 */
function planBlock(block, proposed, prior = null) {
  for (const [k, a] of Object.entries(block.attributes)) {
    if (a.computed && proposed[k] === null) proposed[k] = UNKNOWN;
  }
  for (const [k, nb] of Object.entries(block.blocks)) {
    // An optional+computed block the configuration leaves out (schema.js COMPUTED_BLOCKS): the
    // prior state's, else unknown until apply, as an SDKv2 provider plans it.
    if (nb.computed && isEmpty(proposed[k])) {
      proposed[k] = prior && !isEmpty(prior[k]) ? prior[k] : UNKNOWN;
      continue;
    }
    forEachElement(nb, proposed[k], (el) => planBlock(nb.block, el));
  }
  return proposed;
}

const isEmpty = (v) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/** Whether a resource has an optional+computed block: its provider answers with Terraform's legacy type system (SDKv2). */
function hasComputedBlocks(block) {
  return Object.values(block.blocks).some((nb) => nb.computed || hasComputedBlocks(nb.block));
}

const PEM_CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBlDCCATmgAwIBAgIUBYOQvlSLiIvb9NsE+5GM5zoNuPAwCgYIKoZIzj0EAwIw',
  'HjEcMBoGA1UEAwwTc3RhbmQtaW4tY2x1c3Rlci1jYTAgFw0yNjEyMDIwMDQ5MDla',
  'GA8yMTI2MTEwODAwNDkwOVowHjEcMBoGA1UEAwwTc3RhbmQtaW4tY2x1c3Rlci1j',
  'YTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABAbUEh78N+I4eGpbBUmVBKyvLJgZ',
  'QfqBjiit4NWD7GMHE94itSsADoKjwgw2ZhHptVrv06N6Ju5hOvw/SVbxPbSjUzBR',
  'MB0GA1UdDgQWBBRMWLJnf2CpIcCUuG0WeCj/EtjUzjAfBgNVHSMEGDAWgBRMWLJn',
  'f2CpIcCUuG0WeCj/EtjUzjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kA',
  'MEYCIQCJ2E+7rlB8eESPMQAw5Jly0gg9nBhV6IfscCCsZWiojgIhAI/g1bI0yADm',
  '6use0jyG4g9DWPVUQtdqYV8LGuzYstyC',
  '-----END CERTIFICATE-----',
  '',
].join('\n');
/** A self-signed certificate (CN=stand-in-cluster-ca, valid until 2126), base64 of its PEM as clusters report a CA. */
const CERT_B64 = Buffer.from(PEM_CERT).toString('base64');
let keyB64;
function privateKeyB64() {
  if (!keyB64) {
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    keyB64 = Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' })).toString('base64');
  }
  return keyB64;
}

// Random for resources (two passwords of the same configuration must differ); deterministic
// for data sources (Terraform reads them on every plan: a new availability zone name each time
// would plan changes where there are none).
let seeded = null;
function bytes(n) {
  if (!seeded) return crypto.randomBytes(n);
  const out = [];
  while (out.length < n) out.push(...crypto.createHash('sha256').update(`${seeded.seed}:${seeded.i++}`).digest());
  return Buffer.from(out.slice(0, n));
}
function withSeed(seed, fn) {
  seeded = { seed, i: 0 };
  try {
    return fn();
  } finally {
    seeded = null;
  }
}
const hex = (n) => bytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
function ipv4(isPublic) {
  const b = bytes(2);
  const host = (b[0] % 250) + 2;
  return isPublic ? `203.0.113.${host}` : `10.0.${b[1] % 250}.${host}`;
}

const AWS_ID_PREFIX = {
  aws_vpc: 'vpc', aws_subnet: 'subnet', aws_security_group: 'sg', aws_default_security_group: 'sg', aws_nat_gateway: 'nat',
  aws_eip: 'eipalloc', aws_internet_gateway: 'igw', aws_route_table: 'rtb', aws_vpc_endpoint: 'vpce', aws_launch_template: 'lt',
  aws_route_table_association: 'rtbassoc', aws_flow_log: 'fl', aws_vpc_security_group_ingress_rule: 'sgr', aws_route: 'r',
};

/** A string argument of the object being applied or read (its configuration or planned state), if known. */
function arg(ctx, key) {
  for (const o of [ctx.config, ctx.providerConfig]) {
    const v = o && o[key];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}
const digits = (n) => (BigInt('0x' + hex(16)) % 10n ** BigInt(n)).toString().padStart(n, '1');

/**
 * Google's formats (the names the google provider gives computed values): resource paths of the
 * form projects/<project>/<regions|zones|locations>/<where>/<collection>/<name>, self links under
 * https://www.googleapis.com/, RFC 3339 timestamps, numeric ids, service account emails, PEM
 * server CA certificates (Cloud SQL, Memorystore), IP hosts (Memorystore), zones of the region.
 */
function googleString(n, ctx, parent, i) {
  const t = ctx.typeName;
  const short = t.replace(/^google_/, '');
  const project = arg(ctx, 'project') || arg(ctx, 'project_id') || 'stand-in-project';
  const region = arg(ctx, 'region') || ((arg(ctx, 'location') || arg(ctx, 'zone') || '').match(/^[a-z]+-[a-z]+\d+/) || ['us-central1'])[0];
  const name = arg(ctx, 'name') || arg(ctx, 'account_id') || `stand-in-${hex(8)}`;
  const [api, ...rest] = short.split('_');
  const one = rest.join('_') || api;
  const collection = /ss$|x$/.test(one) ? `${one}es` : /[^aeiou]y$/.test(one) ? `${one.slice(0, -1)}ies` : /s$/.test(one) ? one : `${one}s`;
  // Where the resource itself lives (its own arguments; a global resource has none).
  const own = (k) => (ctx.config && typeof ctx.config[k] === 'string' && ctx.config[k]) || undefined;
  const where = own('zone') ? `zones/${own('zone')}/` : own('region') ? `regions/${own('region')}/` : own('location') ? `locations/${own('location')}/` : '';
  const email = `${arg(ctx, 'account_id') || name}@${project}.iam.gserviceaccount.com`;
  if (n === 'project' || n === 'project_id') return project;
  if (n === 'region') return region;
  if (n === 'id') return `projects/${project}/${where}${collection}/${name}`;
  if (n === 'self_link' || n.endsWith('_self_link')) return `https://www.googleapis.com/${api}/v1/projects/${project}/${where}${collection}/${name}`;
  if (n.endsWith('timestamp') || n.endsWith('_time') || n === 'time_created' || n === 'updated') return '2026-01-01T00:00:00.000Z';
  if (n === 'number' || n.endsWith('numeric_id') || n === 'unique_id' || n.endsWith('project_number') || n === 'network_id') return digits(n === 'unique_id' ? 21 : 12);
  if (t === 'google_service_account' && n === 'email') return email;
  if (t === 'google_service_account' && n === 'member') return `serviceAccount:${email}`;
  if (t === 'google_service_account' && n === 'name') return `projects/${project}/serviceAccounts/${email}`;
  if (n === 'service_account_email_address') return `p${digits(12)}-${hex(6)}@gcp-sa-cloud-sql.iam.gserviceaccount.com`;
  if (n === 'connection_name') return `${project}:${region}:${name}`;
  if (n === 'cert' && /ca_cert/.test(parent)) return PEM_CERT;
  if (n === 'etag' || n === 'fingerprint' || n.endsWith('_fingerprint')) return bytes(8).toString('base64');
  if (/^(gateway_address|gateway_ipv4)$/.test(n) || (/^google_redis/.test(t) && /^(host|read_endpoint)$/.test(n))) return ipv4(false);
  if (n === 'names' || n.endsWith('location_id') || (n === 'location' && !arg(ctx, 'location'))) return `${region}-${'abc'[(i || 0) % 3]}`;
  if (n.endsWith('cidr') || n.endsWith('cidr_block') || n === 'ip_cidr_range') return `10.${(bytes(1)[0] % 200) + 20}.0.0/16`;
  if (t === 'google_storage_bucket' && n === 'url') return `gs://${name}`;
  return undefined;
}

const AZURE_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
// ARM resource types by azurerm resource type (without azurerm_), for plausible ids.
const AZURE_ARM_TYPES = {
  kubernetes_cluster: 'Microsoft.ContainerService/managedClusters', key_vault: 'Microsoft.KeyVault/vaults',
  log_analytics_workspace: 'Microsoft.OperationalInsights/workspaces', managed_redis: 'Microsoft.Cache/redisEnterprise',
  nat_gateway: 'Microsoft.Network/natGateways', network_security_group: 'Microsoft.Network/networkSecurityGroups',
  postgresql_flexible_server: 'Microsoft.DBforPostgreSQL/flexibleServers', private_dns_zone: 'Microsoft.Network/privateDnsZones',
  private_endpoint: 'Microsoft.Network/privateEndpoints', public_ip: 'Microsoft.Network/publicIPAddresses',
  user_assigned_identity: 'Microsoft.ManagedIdentity/userAssignedIdentities', virtual_network: 'Microsoft.Network/virtualNetworks',
  monitor_data_collection_rule: 'Microsoft.Insights/dataCollectionRules', storage_account: 'Microsoft.Storage/storageAccounts',
  redis_cache: 'Microsoft.Cache/redis', application_gateway: 'Microsoft.Network/applicationGateways',
};
// Child resources: [parent id attribute, or [parent ARM type, parent name attribute]], child collection.
const AZURE_CHILDREN = {
  subnet: [['Microsoft.Network/virtualNetworks', 'virtual_network_name'], 'subnets'],
  private_dns_zone_virtual_network_link: [['Microsoft.Network/privateDnsZones', 'private_dns_zone_name'], 'virtualNetworkLinks'],
  postgresql_flexible_server_database: ['server_id', 'databases'],
  postgresql_flexible_server_configuration: ['server_id', 'configurations'],
  storage_container: ['storage_account_id', 'blobServices/default/containers'],
};
const guid = () => { const h = hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`; };

/**
 * A plausible Azure resource id: the ARM id /subscriptions/<s>/resourceGroups/<rg>/providers/<type>/<name>
 * from the configuration's name and resource group (a child's under its parent, a scoped
 * extension's under its scope), a Key Vault key's versioned key URL.
 */
function azureId(ctx) {
  const o = ctx.config || {};
  const str = (k) => (typeof o[k] === 'string' ? o[k] : null);
  const short = ctx.typeName.replace(/^azurerm_/, '');
  const name = str('name') || `stand-in-${hex(8)}`;
  const rg = `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/${str('resource_group_name') || 'stand-in-rg'}`;
  if (short === 'resource_group') return `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/${name}`;
  if (short === 'key_vault_key') {
    const vault = (str('key_vault_id') || '').split('/').pop() || 'stand-in-vault';
    return `https://${vault}.vault.azure.net/keys/${name}/${hex(32)}`;
  }
  if (short === 'role_assignment' && str('scope')) return `${str('scope')}/providers/Microsoft.Authorization/roleAssignments/${guid()}`;
  if (short === 'management_lock' && str('scope')) return `${str('scope')}/providers/Microsoft.Authorization/locks/${name}`;
  if (short === 'monitor_diagnostic_setting' && str('target_resource_id')) return `${str('target_resource_id')}|${name}`;
  const child = AZURE_CHILDREN[short];
  if (child) {
    const [parent, collection] = child;
    const parentId = Array.isArray(parent) ? `${rg}/providers/${parent[0]}/${str(parent[1]) || 'stand-in'}` : str(parent);
    if (parentId) return `${parentId}/${collection}/${name}`;
  }
  // Associations are identified by the resource they attach to.
  if (short.endsWith('_association')) {
    const anchor = ['subnet_id', 'network_interface_id', 'target_resource_id', 'nat_gateway_id'].map(str).find(Boolean);
    if (anchor) return anchor;
  }
  return `${rg}/providers/${AZURE_ARM_TYPES[short] || `Stand.In/${short}`}/${name}`;
}

/**
 * random_string / random_password `result`: `length` characters of the classes the configuration
 * allows (lower, upper, numeric, special, each on unless set false, as the random provider's
 * defaults; `override_special` replaces the special characters), at least one of each allowed class.
 * A name built from it (a storage account, a Key Vault) then has the length and alphabet it would have.
 */
function randomResult(c) {
  const on = (k) => c[k] !== false;
  const classes = [];
  if (on('lower')) classes.push('abcdefghijklmnopqrstuvwxyz');
  if (on('upper')) classes.push('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  if (on('numeric') && c.number !== false) classes.push('0123456789');
  if (on('special')) classes.push(typeof c.override_special === 'string' && c.override_special ? c.override_special : '!@#$%&*()-_=+[]{}<>:?');
  if (!classes.length) classes.push('abcdefghijklmnopqrstuvwxyz');
  const all = classes.join('');
  const b = bytes(c.length);
  return Array.from({ length: c.length }, (_, i) => (i < classes.length ? classes[i] : all)[b[i] % (i < classes.length ? classes[i] : all).length]).join('');
}

/** A plausible string for a computed attribute, chosen by its name and the resource type. */
function plausibleString(name, ctx, parent, i) {
  const t = ctx.typeName;
  const short = t.replace(/^[a-z]+_/, '');
  const n = name.toLowerCase();
  if (ctx.provider === 'google') {
    const g = googleString(n, ctx, parent, i);
    if (g !== undefined) return g;
  }
  if (ctx.provider === 'helm' && n === 'status') return 'deployed';
  if (ctx.provider === 'kubernetes' && n === 'id' && Array.isArray(ctx.config && ctx.config.metadata) && ctx.config.metadata[0]) {
    // namespace/name for namespaced objects, name for cluster-scoped ones (the provider's ids)
    const m = ctx.config.metadata[0];
    if (typeof m.name === 'string') return typeof m.namespace === 'string' && m.namespace ? `${m.namespace}/${m.name}` : m.name;
  }
  if (n === 'id') {
    if (ctx.provider === 'aws') return `${AWS_ID_PREFIX[t] || short.replace(/_/g, '-')}-0${hex(16)}`;
    if (ctx.provider === 'azurerm') return azureId(ctx);
    if (ctx.provider === 'google') return `projects/stand-in/${short}/${hex(8)}`;
    return `${short}-${hex(12)}`;
  }
  // Entra ID object, application and tenant ids are GUIDs; other *_id attributes are ARM ids.
  if (ctx.provider === 'azurerm' && /(^|_)(object|client|principal|tenant|subscription|application)_id$/.test(n)) return n === 'subscription_id' ? AZURE_SUBSCRIPTION : guid();
  if (ctx.provider === 'azurerm' && n.endsWith('_id')) return `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/stand-in-rg/providers/Stand.In/${n.replace(/_id$/, '')}/stand-in-${hex(8)}`;
  if (n === 'arn' || n.endsWith('_arn')) return `arn:aws:${short.split('_')[0]}:us-east-1:123456789012:${short}/${hex(12)}`;
  if (n.includes('certificate') || (n === 'data' && parent.includes('certificate')) || n.endsWith('_ca') || n.endsWith('_pem')) return CERT_B64;
  if (n.endsWith('key') && (n.includes('client') || n.includes('private'))) return privateKeyB64();
  if (/(^|_)ip(_address|_addresses)?($|_)/.test(n) || n.includes('ip_address') || (n === 'address' && /address|_ip\b|public_ip/.test(t))
    || (n === 'endpoint' && t === 'google_container_cluster')) return ipv4(n.includes('public') || t.includes('public') || t.includes('eip'));
  if (n.endsWith('url') || n.endsWith('uri') || (n === 'endpoint' && t === 'aws_eks_cluster') || (n === 'host' && parent.includes('kube'))) {
    return `https://${hex(12)}.${short.replace(/_/g, '-')}.stand-in.example`;
  }
  if (n.includes('endpoint') || n.includes('host') || n.includes('fqdn') || n.includes('dns_name') || n.endsWith('address')) {
    return `${hex(10)}.${short.replace(/_/g, '-')}.stand-in.example`;
  }
  if (n.endsWith('json') || n === 'policy') return '{"Version":"2012-10-17","Statement":[]}';
  if (ctx.provider === 'random' && n === 'result' && ctx.config && typeof ctx.config.length === 'number') return randomResult(ctx.config);
  if (n === 'result' || n.includes('password') || n === 'token' || n.includes('secret')) return bytes(24).toString('base64url');
  if (n === 'b64_std' || n === 'base64' || n === 'b64_url') return bytes(32).toString(n === 'b64_url' ? 'base64url' : 'base64');
  if (n === 'hex') return hex(64);
  if (n === 'dec') return String(BigInt('0x' + hex(16)));
  if (n === 'name') return `stand-in-${hex(8)}`;
  return `stand-in-${hex(8)}`;
}

function plausibleNumber(name, ctx) {
  const n = name.toLowerCase();
  if (n === 'port') return /postgres|db_|sql/.test(ctx.typeName) ? 5432 : /redis|elasticache|cache/.test(ctx.typeName) ? 6379 : 443;
  return 1;
}

/**
 * Computed attributes whose real value is a copy of the configuration: kubernetes_manifest's
 * `object` is the object the API server stores for `manifest` (the provider reads it back).
 */
const ECHO = { kubernetes_manifest: { object: 'manifest' } };
function echoComputed(typeName, planned) {
  for (const [to, from] of Object.entries(ECHO[typeName] || {})) if (planned[to] === UNKNOWN && planned[from] !== UNKNOWN) planned[to] = planned[from];
  return planned;
}

/** Replaces every unknown inside value (of the given type) by a plausible known value. */
function fill(value, type, name, ctx, parent = '') {
  if (value === UNKNOWN) return plausible(type, name, ctx, parent);
  if (value === null || !Array.isArray(type)) return value;
  const [kind, inner] = type;
  if (kind === 'object') {
    for (const [k, t] of Object.entries(inner)) value[k] = fill(value[k] === undefined ? null : value[k], t, k, ctx, `${parent}.${name}`);
    return value;
  }
  if (kind === 'map') {
    for (const k of Object.keys(value)) value[k] = fill(value[k], inner, name, ctx, parent);
    return value;
  }
  return value.map((v) => fill(v, inner, name, ctx, parent));
}

function plausible(type, name, ctx, parent, i) {
  if (type === 'string') return plausibleString(name, ctx, parent, i);
  if (type === 'number') return plausibleNumber(name, ctx);
  if (type === 'bool') return false;
  if (type === 'dynamic') return [Buffer.from('"string"'), plausibleString(name, ctx, parent)];
  const [kind, inner] = type;
  if (kind === 'object') {
    const out = {};
    for (const [k, t] of Object.entries(inner)) out[k] = plausible(t, k, ctx, `${parent}.${name}`);
    return out;
  }
  if (kind === 'map') return {};
  // Lists and sets: three elements (zones, subnets, addresses are indexed [0]..[2]), one for objects.
  const count = Array.isArray(inner) && inner[0] === 'object' ? 1 : 3;
  const out = [];
  for (let i = 0; i < count; i++) out.push(plausible(inner, name, ctx, parent, i));
  if (inner === 'bool') return [false];
  if (inner === 'number') return out.map((_, i) => i + 1);
  return out;
}

module.exports = { echoComputed, withSeed, UNKNOWN, decodeDynamic, encodeDynamic, blockType, conform, emptyBlocks, planBlock, hasComputedBlocks, fill, plausible, CERT_B64, PEM_CERT };
