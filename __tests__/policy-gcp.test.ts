/**
 * Every GCP rule of the policy fires on a hand-built bad resource and stays quiet on a good one.
 */
import { TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
import { ServiceAccountKey } from '@cdktf/provider-google/lib/service-account-key';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { StorageHmacKey } from '@cdktf/provider-google/lib/storage-hmac-key';
import { GCP_RULES, PolicyLevel } from '../lib/core/policy';
import { Opts, findings, merge, of } from './policy-helpers';



const keep = { preventDestroy: true };
const node = {
  serviceAccount: 'nodes@p.iam.gserviceaccount.com',
  workloadMetadataConfig: { mode: 'GKE_METADATA' },
  shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
};

/** A compliant stack with one of every GCP resource type the rules cover. */
function baseline(stack: TerraformStack, o: Opts = {}): void {
  new GoogleProvider(stack, 'google', { project: 'p', region: 'us-east1' });
  const key = new KmsCryptoKey(stack, 'Key', merge({ name: 'k', keyRing: 'projects/p/locations/us-east1/keyRings/r', rotationPeriod: '7776000s', lifecycle: keep }, o.key || {}));
  if (o.cluster !== false) {
    new ContainerCluster(stack, 'Cluster', merge({
      name: 'c', location: 'us-east1', removeDefaultNodePool: true, initialNodeCount: 1, nodeConfig: node,
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: '172.16.0.0/28' },
      masterAuthorizedNetworksConfig: { cidrBlocks: [], gcpPublicCidrsAccessEnabled: false },
      workloadIdentityConfig: { workloadPool: 'p.svc.id.goog' }, enableShieldedNodes: true, enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } }, releaseChannel: { channel: 'REGULAR' },
      datapathProvider: 'ADVANCED_DATAPATH', databaseEncryption: { state: 'ENCRYPTED', keyName: key.id },
      loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS', 'APISERVER'] }, deletionProtection: true, lifecycle: keep,
    }, o.cluster));
  }
  if (o.pool !== false) new ContainerNodePool(stack, 'Pool', merge({ cluster: 'c', nodeConfig: node, management: { autoRepair: true, autoUpgrade: true } }, o.pool));
  if (o.sql !== false) {
    new SqlDatabaseInstance(stack, 'Sql', merge({
      databaseVersion: 'POSTGRES_16', region: 'us-east1', deletionProtection: true,
      settings: {
        tier: 'db-custom-2-8192', availabilityType: 'REGIONAL', deletionProtectionEnabled: true,
        ipConfiguration: { ipv4Enabled: false, privateNetwork: 'projects/p/global/networks/n', sslMode: 'ENCRYPTED_ONLY' },
        backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
        databaseFlags: [{ name: 'log_connections', value: 'on' }, { name: 'log_disconnections', value: 'on' }],
      },
      lifecycle: keep,
    }, o.sql));
  }
  if (o.redis !== false) new RedisInstance(stack, 'Redis', merge({ name: 'r', memorySizeGb: 1, tier: 'STANDARD_HA', authEnabled: true, transitEncryptionMode: 'SERVER_AUTHENTICATION', connectMode: 'PRIVATE_SERVICE_ACCESS', lifecycle: keep }, o.redis));
  if (o.bucket !== false) new StorageBucket(stack, 'Bucket', merge({ name: 'acme-ls', location: 'US-EAST1', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', versioning: { enabled: true }, lifecycle: keep }, o.bucket));
  new StorageBucketIamMember(stack, 'Reader', merge({ bucket: 'acme-ls', role: 'roles/storage.objectAdmin', member: 'serviceAccount:ls@p.iam.gserviceaccount.com' }, o.bucketIam || {}));
  new ProjectIamMember(stack, 'NodeRole', merge({ project: 'p', role: 'roles/container.defaultNodeServiceAccount', member: 'serviceAccount:nodes@p.iam.gserviceaccount.com' }, o.projectIam || {}));
  new ComputeFirewall(stack, 'Fw', merge({ name: 'web', network: 'n', sourceRanges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['443'] }] }, o.firewall || {}));
  new ComputeAddress(stack, 'NatIp', merge({ name: 'nat', lifecycle: keep }, o.address || {}));
}


describe('GCP rules', () => {
  test('the compliant baseline has no finding at all', () => {
    expect(findings((s) => baseline(s)).map((f) => `${f.ruleId} ${f.address}: ${f.reason}`)).toEqual([]);
  });

  const cases: [string, string, (s: TerraformStack) => void, RegExp][] = [
    ['LS-GCP-GKE-1', 'public nodes', (s) => baseline(s, { cluster: { privateClusterConfig: { enablePrivateNodes: false } } }), /enable_private_nodes/],
    ['LS-GCP-GKE-2', 'public endpoint, no authorized networks', (s) => baseline(s, { cluster: { privateClusterConfig: { enablePrivateEndpoint: false }, masterAuthorizedNetworksConfig: undefined } }), /open to 0\.0\.0\.0\/0/],
    ['LS-GCP-GKE-2', 'authorized network 0.0.0.0/0', (s) => baseline(s, { cluster: { privateClusterConfig: { enablePrivateEndpoint: false }, masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: '0.0.0.0/0' }] } } }), /allows 0\.0\.0\.0\/0/],
    ['LS-GCP-GKE-2', 'Google Cloud public IPs allowed', (s) => baseline(s, { cluster: { masterAuthorizedNetworksConfig: { gcpPublicCidrsAccessEnabled: true } } }), /gcp_public_cidrs_access_enabled/],
    ['LS-GCP-GKE-3', 'no Workload Identity', (s) => baseline(s, { cluster: { workloadIdentityConfig: undefined } }), /workload_pool/],
    ['LS-GCP-GKE-4', 'node pool exposes node metadata', (s) => baseline(s, { pool: { nodeConfig: { workloadMetadataConfig: { mode: 'GCE_METADATA' } } } }), /"GCE_METADATA"/],
    ['LS-GCP-GKE-5', 'shielded nodes off', (s) => baseline(s, { cluster: { enableShieldedNodes: false } }), /enable_shielded_nodes/],
    ['LS-GCP-GKE-6', 'no release channel', (s) => baseline(s, { cluster: { releaseChannel: { channel: 'UNSPECIFIED' } } }), /UNSPECIFIED/],
    ['LS-GCP-GKE-7', 'legacy ABAC', (s) => baseline(s, { cluster: { enableLegacyAbac: true } }), /enable_legacy_abac/],
    ['LS-GCP-GKE-8', 'client certificate', (s) => baseline(s, { cluster: { masterAuth: { clientCertificateConfig: { issueClientCertificate: true } } } }), /issue_client_certificate/],
    ['LS-GCP-GKE-9', 'no network policy', (s) => baseline(s, { cluster: { datapathProvider: 'LEGACY_DATAPATH' } }), /network_policy/],
    ['LS-GCP-GKE-10', 'no secrets encryption', (s) => baseline(s, { cluster: { databaseEncryption: { state: 'DECRYPTED', keyName: undefined } } }), /DECRYPTED/],
    ['LS-GCP-GKE-11', 'deletion protection off', (s) => baseline(s, { cluster: { deletionProtection: false } }), /deletion_protection is false/],
    ['LS-GCP-GKE-12', 'logging off', (s) => baseline(s, { cluster: { loggingService: 'none', loggingConfig: undefined } }), /"none"/],
    ['LS-GCP-GKE-13', 'no secure boot', (s) => baseline(s, { pool: { nodeConfig: { shieldedInstanceConfig: { enableSecureBoot: false } } } }), /enable_secure_boot/],
    ['LS-GCP-GKE-14', 'nodes as the default service account', (s) => baseline(s, { pool: { nodeConfig: { serviceAccount: undefined } } }), /Compute Engine default/],
    ['LS-GCP-GKE-15', 'no auto-repair', (s) => baseline(s, { pool: { management: { autoRepair: false } } }), /auto_repair/],
    ['LS-GCP-SQL-1', 'public IP', (s) => baseline(s, { sql: { settings: { ipConfiguration: { ipv4Enabled: true } } } }), /ipv4_enabled/],
    ['LS-GCP-SQL-1', 'ipv4 left to its default', (s) => baseline(s, { sql: { settings: { ipConfiguration: { ipv4Enabled: undefined } } } }), /ipv4_enabled/],
    ['LS-GCP-SQL-2', 'TLS optional', (s) => baseline(s, { sql: { settings: { ipConfiguration: { sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' } } } }), /ALLOW_UNENCRYPTED/],
    ['LS-GCP-SQL-3', 'no PITR', (s) => baseline(s, { sql: { settings: { backupConfiguration: { pointInTimeRecoveryEnabled: false } } } }), /point_in_time_recovery_enabled/],
    ['LS-GCP-SQL-4', 'API deletion protection off', (s) => baseline(s, { sql: { settings: { deletionProtectionEnabled: false } } }), /deletion_protection_enabled/],
    ['LS-GCP-SQL-5', 'no connection logs', (s) => baseline(s, { sql: { settings: { databaseFlags: [] } } }), /log_connections/],
    ['LS-GCP-SQL-6', 'zonal', (s) => baseline(s, { sql: { settings: { availabilityType: 'ZONAL' } } }), /REGIONAL/],
    ['LS-GCP-REDIS-1', 'no AUTH', (s) => baseline(s, { redis: { authEnabled: false } }), /auth_enabled/],
    ['LS-GCP-REDIS-2', 'no TLS', (s) => baseline(s, { redis: { transitEncryptionMode: 'DISABLED' } }), /DISABLED/],
    ['LS-GCP-REDIS-3', 'direct peering', (s) => baseline(s, { redis: { connectMode: 'DIRECT_PEERING' } }), /DIRECT_PEERING/],
    ['LS-GCP-REDIS-4', 'basic tier', (s) => baseline(s, { redis: { tier: 'BASIC' } }), /BASIC/],
    ['LS-GCP-GCS-1', 'object ACLs', (s) => baseline(s, { bucket: { uniformBucketLevelAccess: false } }), /uniform_bucket_level_access/],
    ['LS-GCP-GCS-2', 'public access prevention inherited', (s) => baseline(s, { bucket: { publicAccessPrevention: 'inherited' } }), /inherited/],
    ['LS-GCP-GCS-3', 'no versioning', (s) => baseline(s, { bucket: { versioning: undefined } }), /versioning/],
    ['LS-GCP-GCS-4', 'force_destroy', (s) => baseline(s, { bucket: { forceDestroy: true } }), /force_destroy/],
    ['LS-GCP-IAM-1', 'a public bucket', (s) => baseline(s, { bucketIam: { role: 'roles/storage.objectViewer', member: 'allUsers' } }), /allUsers/],
    ['LS-GCP-IAM-2', 'project editor', (s) => baseline(s, { projectIam: { role: 'roles/editor' } }), /roles\/editor/],
    ['LS-GCP-IAM-3', 'a service account key', (s) => { baseline(s); new ServiceAccountKey(s, 'SaKey', { serviceAccountId: 'ls' }); }, /google_service_account_key/],
    ['LS-GCP-IAM-3', 'an HMAC key', (s) => { baseline(s); new StorageHmacKey(s, 'Hmac', { serviceAccountEmail: 'ls@p.iam.gserviceaccount.com' }); }, /google_storage_hmac_key/],
    ['LS-GCP-NET-1', 'SSH from anywhere', (s) => baseline(s, { firewall: { allow: [{ protocol: 'tcp', ports: ['22'] }] } }), /tcp:22/],
    ['LS-GCP-NET-1', 'every port from anywhere', (s) => baseline(s, { firewall: { allow: [{ protocol: 'all' }] } }), /every port/],
    ['LS-GCP-KMS-1', 'no rotation', (s) => baseline(s, { key: { rotationPeriod: undefined } }), /rotation_period/],
  ];

  test.each(cases)('%s fires on: %s', (id, _what, build, reason) => {
    const fs = findings(build);
    const rule = GCP_RULES.find((r) => r.id === id)!;
    expect(of(fs, id)).toEqual([expect.objectContaining({ level: rule.level, reason: expect.stringMatching(reason) })]);
    expect(fs.filter((f) => f.ruleId !== id && !f.ruleId.startsWith('LS-TF'))).toEqual([]);
  });

  test('every GCP rule has a bad case above', () => {
    expect(GCP_RULES.map((r) => r.id).filter((id) => !cases.some((c) => c[0] === id))).toEqual([]);
  });

  test('alternatives that comply stay quiet', () => {
    // A public endpoint restricted to listed CIDRs.
    expect(of(findings((s) => baseline(s, { cluster: { privateClusterConfig: { enablePrivateEndpoint: false }, masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: '203.0.113.0/24' }] } } })), 'LS-GCP-GKE-2')).toEqual([]);
    // Calico network policy instead of Dataplane V2.
    expect(of(findings((s) => baseline(s, { cluster: { datapathProvider: undefined, networkPolicy: { enabled: true } } })), 'LS-GCP-GKE-9')).toEqual([]);
    // Client-certificate TLS (what checkov CKV_GCP_6 wants) is accepted too.
    expect(of(findings((s) => baseline(s, { sql: { settings: { ipConfiguration: { sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED' } } } })), 'LS-GCP-SQL-2')).toEqual([]);
    // A trace bucket without versioning whose soft delete is set on purpose (here: off).
    expect(of(findings((s) => baseline(s, { bucket: { versioning: { enabled: false }, softDeletePolicy: { retentionDurationSeconds: 0 } } })), 'LS-GCP-GCS-3')).toEqual([]);
    // Internal addresses (a PSC endpoint) are not allow-listed anywhere: no lifecycle needed.
    expect(of(findings((s) => baseline(s, { address: { addressType: 'INTERNAL', lifecycle: undefined } })), 'LS-TF-2')).toEqual([]);
    expect(of(findings((s) => baseline(s, { address: { lifecycle: undefined } })), 'LS-TF-2')).toEqual([expect.objectContaining({ level: PolicyLevel.WARNING, address: 'google_compute_address.NatIp' })]);
    // Autopilot clusters manage nodes, metadata and network policy themselves.
    const autopilot = findings((s) => baseline(s, { pool: false, cluster: { enableAutopilot: true, nodeConfig: undefined, datapathProvider: undefined, removeDefaultNodePool: undefined, initialNodeCount: undefined, workloadIdentityConfig: undefined } }));
    expect(autopilot).toEqual([]);
  });

  test('deletionProtection: false downgrades the Cloud SQL and GKE deletion findings to warnings', () => {
    const fs = findings((s) => baseline(s, {
      sql: { deletionProtection: false, settings: { deletionProtectionEnabled: false }, lifecycle: { preventDestroy: false } },
      cluster: { deletionProtection: false, lifecycle: { preventDestroy: false } },
    }));
    expect(fs.filter((f) => f.level === PolicyLevel.ERROR)).toEqual([]);
    expect(fs.map((f) => f.ruleId).sort()).toEqual(['LS-GCP-GKE-11', 'LS-GCP-SQL-4', 'LS-TF-1', 'LS-TF-1']);
  });
});
