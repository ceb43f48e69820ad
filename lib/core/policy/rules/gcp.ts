/**
 * GCP rules. Scanner ids: the checkov and trivy rule catalogues (checkov
 * CKV_GCP_*, trivy AVD-GCP-*), where a scanner checks the same thing.
 */
import { deletionFinding, PolicyLevel, PolicyRule, PolicySubject, rule } from '../rule';
import { at, block, blocks, coversDataPort, isComputed, isFalse, isSet, isTrue, isTrueOrComputed, isWholeInternet, strings } from '../values';

const autopilot = (s: PolicySubject) => isTrue(s.config.enable_autopilot);

/** Workload metadata of a node_config: GKE_METADATA (the metadata server that serves Workload Identity). */
function metadataFinding(nodeConfig: unknown, where: string): string | undefined {
  const mode = at(block(nodeConfig), 'workload_metadata_config.mode');
  return mode === 'GKE_METADATA' || isComputed(mode) ? undefined : `${where}.workload_metadata_config.mode is ${mode === undefined ? 'not set' : JSON.stringify(mode)}`;
}

const PRIMITIVE_ROLES = ['roles/owner', 'roles/editor'];
const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];

export const GCP_RULES: PolicyRule[] = [
  // --- GKE cluster ---
  rule({
    id: 'LS-GCP-GKE-1', types: 'google_container_cluster', scanners: ['CKV_GCP_25', 'CKV_GCP_64', 'AVD-GCP-0059'],
    description: 'nodes have private IPs only (private_cluster_config.enable_private_nodes = true)',
    check: (s) => (isTrueOrComputed(at(s.config, 'private_cluster_config.enable_private_nodes')) ? undefined : 'private_cluster_config.enable_private_nodes is not true'),
  }),
  rule({
    id: 'LS-GCP-GKE-2', types: 'google_container_cluster', scanners: ['CKV_GCP_20', 'CKV_GCP_18', 'AVD-GCP-0061', 'AVD-GCP-0053'],
    description: 'the API endpoint is private, or master authorized networks list specific CIDRs (never 0.0.0.0/0) with Google Cloud public IPs excluded',
    check: (s) => {
      const man = block(s.config.master_authorized_networks_config);
      const cidrs = blocks(man?.cidr_blocks).map((c) => String(c.cidr_block));
      const open = cidrs.filter(isWholeInternet);
      if (open.length) return `master_authorized_networks_config allows ${open.join(', ')}`;
      if (man && isTrue(man.gcp_public_cidrs_access_enabled)) return 'master_authorized_networks_config.gcp_public_cidrs_access_enabled is true: any Google Cloud VM can reach the API';
      if (isTrueOrComputed(at(s.config, 'private_cluster_config.enable_private_endpoint'))) return undefined;
      if (!man) return 'the endpoint is public and master_authorized_networks_config is absent: the API is open to 0.0.0.0/0';
      return cidrs.length ? undefined : 'the endpoint is public and master_authorized_networks_config lists no CIDRs';
    },
  }),
  rule({
    id: 'LS-GCP-GKE-3', types: 'google_container_cluster', scanners: [],
    description: 'Workload Identity is on (workload_identity_config.workload_pool), so pods get Google identities without keys',
    check: (s) => (autopilot(s) || isSet(at(s.config, 'workload_identity_config.workload_pool')) ? undefined : 'workload_identity_config.workload_pool is not set'),
  }),
  rule({
    id: 'LS-GCP-GKE-4', types: ['google_container_cluster', 'google_container_node_pool'], scanners: ['CKV_GCP_69', 'AVD-GCP-0057'],
    description: 'nodes serve the GKE metadata server (node_config.workload_metadata_config.mode = GKE_METADATA), hiding node credentials from pods',
    check: (s) => {
      if (s.type === 'google_container_cluster') {
        if (autopilot(s) || !s.config.node_config) return undefined;
        return metadataFinding(s.config.node_config, 'node_config');
      }
      return metadataFinding(s.config.node_config ?? {}, 'node_config');
    },
  }),
  rule({
    id: 'LS-GCP-GKE-5', types: 'google_container_cluster', scanners: ['CKV_GCP_71', 'AVD-GCP-0055'],
    description: 'Shielded GKE nodes are on (enable_shielded_nodes is not false)',
    check: (s) => (isFalse(s.config.enable_shielded_nodes) ? 'enable_shielded_nodes is false' : undefined),
  }),
  rule({
    id: 'LS-GCP-GKE-6', types: 'google_container_cluster', scanners: ['CKV_GCP_70'],
    description: 'the cluster follows a release channel (release_channel.channel RAPID, REGULAR, STABLE or EXTENDED) for security patches',
    check: (s) => {
      const ch = at(s.config, 'release_channel.channel');
      return ch === undefined || ch === 'UNSPECIFIED' ? `release_channel is ${ch === undefined ? 'not set' : 'UNSPECIFIED'}` : undefined;
    },
  }),
  rule({
    id: 'LS-GCP-GKE-7', types: 'google_container_cluster', scanners: ['CKV_GCP_7', 'AVD-GCP-0064'],
    description: 'legacy ABAC is off (enable_legacy_abac is not true)',
    check: (s) => (isTrue(s.config.enable_legacy_abac) ? 'enable_legacy_abac is true' : undefined),
  }),
  rule({
    id: 'LS-GCP-GKE-8', types: 'google_container_cluster', scanners: ['CKV_GCP_13'],
    description: 'no client certificate is issued (master_auth.client_certificate_config.issue_client_certificate is not true)',
    check: (s) => (isTrue(at(s.config, 'master_auth.client_certificate_config.issue_client_certificate')) ? 'master_auth.client_certificate_config.issue_client_certificate is true' : undefined),
  }),
  rule({
    id: 'LS-GCP-GKE-9', types: 'google_container_cluster', scanners: ['CKV_GCP_12'],
    description: 'NetworkPolicy is enforced: Dataplane V2 (datapath_provider = ADVANCED_DATAPATH), network_policy.enabled = true, or Autopilot (checkov CKV_GCP_12 only knows network_policy)',
    check: (s) => {
      if (autopilot(s) || s.config.datapath_provider === 'ADVANCED_DATAPATH' || isComputed(s.config.datapath_provider)) return undefined;
      return isTrueOrComputed(at(s.config, 'network_policy.enabled')) ? undefined : 'neither Dataplane V2 nor network_policy.enabled';
    },
  }),
  rule({
    id: 'LS-GCP-GKE-10', types: 'google_container_cluster', scanners: [],
    description: 'Kubernetes secrets are encrypted at the application layer with Cloud KMS (database_encryption.state = ENCRYPTED with key_name)',
    check: (s) => {
      const de = block(s.config.database_encryption);
      if (!de || (de.state !== 'ENCRYPTED' && !isComputed(de.state))) return `database_encryption.state is ${de?.state === undefined ? 'not set' : JSON.stringify(de.state)}`;
      return isSet(de.key_name) ? undefined : 'database_encryption.key_name is not set';
    },
  }),
  rule({
    id: 'LS-GCP-GKE-11', types: 'google_container_cluster', scanners: [],
    description: 'Terraform deletion protection is on (deletion_protection is not false)',
    check: (s) => (isFalse(s.config.deletion_protection) ? deletionFinding(s, 'deletion_protection is false') : undefined),
  }),
  rule({
    id: 'LS-GCP-GKE-12', types: 'google_container_cluster', scanners: [],
    description: 'cluster logging is on (logging_service not "none", logging_config components not empty)',
    check: (s) => {
      if (s.config.logging_service === 'none') return 'logging_service is "none"';
      const comps = at(s.config, 'logging_config.enable_components');
      return Array.isArray(comps) && comps.length === 0 ? 'logging_config.enable_components is empty' : undefined;
    },
  }),
  rule({
    id: 'LS-GCP-GKE-13', types: ['google_container_cluster', 'google_container_node_pool'], scanners: ['CKV_GCP_68', 'CKV_GCP_72'],
    description: 'nodes use Secure Boot and integrity monitoring (node_config.shielded_instance_config)',
    check: (s) => {
      if (s.type === 'google_container_cluster' && (autopilot(s) || !s.config.node_config)) return undefined;
      const sic = at(s.config, 'node_config.shielded_instance_config');
      const sb = at(block(sic), 'enable_secure_boot');
      if (!isTrueOrComputed(sb)) return 'node_config.shielded_instance_config.enable_secure_boot is not true';
      return isFalse(at(block(sic), 'enable_integrity_monitoring')) ? 'node_config.shielded_instance_config.enable_integrity_monitoring is false' : undefined;
    },
  }),
  rule({
    id: 'LS-GCP-GKE-14', types: ['google_container_cluster', 'google_container_node_pool'], scanners: [],
    description: 'nodes run as a dedicated service account (node_config.service_account), not the Compute Engine default (Editor)',
    check: (s) => {
      if (s.type === 'google_container_cluster' && (autopilot(s) || !s.config.node_config)) return undefined;
      const sa = at(s.config, 'node_config.service_account');
      if (!isSet(sa) || sa === 'default') return 'node_config.service_account is not set: nodes would run as the Compute Engine default service account';
      return /-compute@developer\.gserviceaccount\.com$/.test(String(sa)) ? `node_config.service_account is the Compute Engine default (${sa})` : undefined;
    },
  }),
  rule({
    id: 'LS-GCP-GKE-15', types: 'google_container_node_pool', level: PolicyLevel.WARNING, scanners: [],
    description: 'nodes are repaired and upgraded automatically (management.auto_repair / auto_upgrade not false)',
    check: (s) => {
      const m = block(s.config.management);
      return isFalse(m?.auto_repair) || isFalse(m?.auto_upgrade) ? 'management.auto_repair or auto_upgrade is false' : undefined;
    },
  }),

  // --- Cloud SQL ---
  rule({
    id: 'LS-GCP-SQL-1', types: 'google_sql_database_instance', scanners: ['CKV_GCP_60', 'CKV_GCP_11', 'AVD-GCP-0017'],
    description: 'no public IP: settings.ip_configuration.ipv4_enabled = false with a private_network (or PSC), no authorized networks',
    check: (s) => {
      const ip = block(at(s.config, 'settings.ip_configuration'));
      if (!ip || !isFalse(ip.ipv4_enabled) && !isComputed(ip.ipv4_enabled)) return 'settings.ip_configuration.ipv4_enabled is not false (a public IP is the default)';
      const nets = blocks(ip.authorized_networks);
      if (nets.length) return `settings.ip_configuration.authorized_networks lists ${nets.map((n) => n.value).join(', ')}`;
      return isSet(ip.private_network) || block(ip.psc_config) ? undefined : 'settings.ip_configuration has neither private_network nor psc_config: the instance would be unreachable';
    },
  }),
  rule({
    id: 'LS-GCP-SQL-2', types: 'google_sql_database_instance', scanners: ['CKV_GCP_6', 'AVD-GCP-0015'],
    description: 'every connection uses TLS (ip_configuration.ssl_mode ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED); checkov CKV_GCP_6 accepts only the latter, which the LangSmith chart cannot use',
    check: (s) => {
      const ip = block(at(s.config, 'settings.ip_configuration'));
      const mode = ip?.ssl_mode;
      if (mode === 'ENCRYPTED_ONLY' || mode === 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED' || isComputed(mode)) return undefined;
      if (mode === undefined && isTrue(ip?.require_ssl)) return undefined;
      return `settings.ip_configuration.ssl_mode is ${mode === undefined ? 'not set (unencrypted connections allowed)' : JSON.stringify(mode)}`;
    },
  }),
  rule({
    id: 'LS-GCP-SQL-3', types: 'google_sql_database_instance', scanners: ['CKV_GCP_14', 'AVD-GCP-0024'],
    description: 'automated backups with point-in-time recovery (backup_configuration.enabled and point_in_time_recovery_enabled)',
    check: (s) => {
      const b = block(at(s.config, 'settings.backup_configuration'));
      if (!isTrueOrComputed(b?.enabled)) return 'settings.backup_configuration.enabled is not true';
      if (/^POSTGRES/.test(String(s.config.database_version ?? 'POSTGRES')) && !isTrueOrComputed(b?.point_in_time_recovery_enabled)) return 'settings.backup_configuration.point_in_time_recovery_enabled is not true';
      return undefined;
    },
  }),
  rule({
    id: 'LS-GCP-SQL-4', types: 'google_sql_database_instance', scanners: [],
    description: 'deletion protection at both levels: deletion_protection (Terraform) not false and settings.deletion_protection_enabled (Cloud SQL API) true',
    check: (s) => {
      if (isFalse(s.config.deletion_protection)) return deletionFinding(s, 'deletion_protection is false');
      return isTrueOrComputed(at(s.config, 'settings.deletion_protection_enabled')) ? undefined : deletionFinding(s, 'settings.deletion_protection_enabled is not true');
    },
  }),
  rule({
    id: 'LS-GCP-SQL-5', types: 'google_sql_database_instance', level: PolicyLevel.WARNING, scanners: ['CKV_GCP_52', 'AVD-GCP-0016'],
    description: 'connection audit logging flags are on (database_flags log_connections and log_disconnections = on)',
    check: (s) => {
      if (!/^POSTGRES/.test(String(s.config.database_version ?? ''))) return undefined;
      const flags = blocks(at(s.config, 'settings.database_flags'));
      const off = ['log_connections', 'log_disconnections'].filter((n) => !flags.some((f) => f.name === n && String(f.value) === 'on'));
      return off.length ? `database_flags do not turn on ${off.join(', ')}` : undefined;
    },
  }),
  rule({
    id: 'LS-GCP-SQL-6', types: 'google_sql_database_instance', level: PolicyLevel.WARNING, scanners: [],
    description: 'the instance is regional (settings.availability_type = REGIONAL) outside development sizes',
    check: (s) => (at(s.config, 'settings.availability_type') === 'REGIONAL' || isComputed(at(s.config, 'settings.availability_type')) ? undefined : 'settings.availability_type is not REGIONAL'),
  }),

  // --- Memorystore ---
  rule({
    id: 'LS-GCP-REDIS-1', types: 'google_redis_instance', scanners: ['CKV_GCP_95'],
    description: 'clients authenticate (auth_enabled = true)',
    check: (s) => (isTrueOrComputed(s.config.auth_enabled) ? undefined : 'auth_enabled is not true'),
  }),
  rule({
    id: 'LS-GCP-REDIS-2', types: 'google_redis_instance', scanners: ['CKV_GCP_97'],
    description: 'clients must use TLS (transit_encryption_mode = SERVER_AUTHENTICATION)',
    check: (s) => (s.config.transit_encryption_mode === 'SERVER_AUTHENTICATION' || isComputed(s.config.transit_encryption_mode) ? undefined : `transit_encryption_mode is ${s.config.transit_encryption_mode ?? 'not set (DISABLED)'}`),
  }),
  rule({
    id: 'LS-GCP-REDIS-3', types: 'google_redis_instance', scanners: [],
    description: 'reached over private services access (connect_mode = PRIVATE_SERVICE_ACCESS)',
    check: (s) => (s.config.connect_mode === 'PRIVATE_SERVICE_ACCESS' || isComputed(s.config.connect_mode) ? undefined : `connect_mode is ${s.config.connect_mode ?? 'not set (DIRECT_PEERING)'}`),
  }),
  rule({
    id: 'LS-GCP-REDIS-4', types: 'google_redis_instance', level: PolicyLevel.WARNING, scanners: [],
    description: 'a replica takes over on failure (tier = STANDARD_HA) outside development sizes',
    check: (s) => (s.config.tier === 'STANDARD_HA' || isComputed(s.config.tier) ? undefined : `tier is ${s.config.tier ?? 'BASIC'}`),
  }),

  // --- Cloud Storage ---
  rule({
    id: 'LS-GCP-GCS-1', types: 'google_storage_bucket', scanners: ['CKV_GCP_29', 'AVD-GCP-0002'],
    description: 'uniform bucket-level access is on (no object ACLs)',
    check: (s) => (isTrueOrComputed(s.config.uniform_bucket_level_access) ? undefined : 'uniform_bucket_level_access is not true'),
  }),
  rule({
    id: 'LS-GCP-GCS-2', types: 'google_storage_bucket', scanners: ['CKV_GCP_114'],
    description: 'public access prevention is enforced (public_access_prevention = "enforced")',
    check: (s) => (s.config.public_access_prevention === 'enforced' || isComputed(s.config.public_access_prevention) ? undefined : `public_access_prevention is ${s.config.public_access_prevention ?? 'not set (inherited)'}`),
  }),
  rule({
    id: 'LS-GCP-GCS-3', types: 'google_storage_bucket', scanners: [],
    description: 'versioning is on, or soft_delete_policy is set explicitly: object recovery is a decision, not the provider default',
    check: (s) => (isTrueOrComputed(at(s.config, 'versioning.enabled')) || s.config.soft_delete_policy !== undefined ? undefined : 'versioning.enabled is not true and no soft_delete_policy is set'),
  }),
  rule({
    id: 'LS-GCP-GCS-4', types: 'google_storage_bucket', scanners: [],
    description: 'the bucket cannot be emptied by a destroy (force_destroy is not true) and has lifecycle prevent_destroy',
    check: (s) => (isTrue(s.config.force_destroy) ? deletionFinding(s, 'force_destroy is true') : undefined),
  }),
  rule({
    id: 'LS-GCP-IAM-1', types: ['google_storage_bucket_iam_member', 'google_storage_bucket_iam_binding', 'google_project_iam_member', 'google_project_iam_binding', 'google_service_account_iam_member', 'google_service_account_iam_binding', 'google_kms_crypto_key_iam_member', 'google_kms_crypto_key_iam_binding'], scanners: [],
    description: 'no IAM grant to allUsers / allAuthenticatedUsers',
    check: (s) => {
      const members = [...strings(s.config.member), ...strings(s.config.members)];
      const pub = members.filter((m) => PUBLIC_MEMBERS.includes(m));
      return pub.length ? `grants ${s.config.role} to ${pub.join(', ')}` : undefined;
    },
  }),
  rule({
    id: 'LS-GCP-IAM-2', types: ['google_project_iam_member', 'google_project_iam_binding'], scanners: [],
    description: 'least privilege: no project-wide basic role (roles/owner, roles/editor)',
    check: (s) => (PRIMITIVE_ROLES.includes(String(s.config.role)) ? `grants ${s.config.role} on the project` : undefined),
  }),
  rule({
    id: 'LS-GCP-IAM-3', types: ['google_service_account_key', 'google_storage_hmac_key'], scanners: [],
    description: 'no static keys (service account keys, HMAC keys): workloads use Workload Identity',
    check: (s) => `a ${s.type} is a long-lived static credential (and its secret is written to state)`,
  }),

  // --- network, KMS ---
  rule({
    id: 'LS-GCP-NET-1', types: 'google_compute_firewall', scanners: ['CKV_GCP_2'],
    description: 'no ingress from 0.0.0.0/0 to data-store or admin ports, or to all ports',
    check: (s) => {
      if (String(s.config.direction ?? 'INGRESS') !== 'INGRESS' || isTrue(s.config.disabled)) return undefined;
      const open = strings(s.config.source_ranges).filter(isWholeInternet);
      if (!open.length) return undefined;
      for (const a of blocks(s.config.allow)) {
        const ports = strings(a.ports);
        if (a.protocol === 'all' || !ports.length && (a.protocol === 'tcp' || a.protocol === 'udp')) return `allows ${a.protocol} on every port from ${open.join(', ')}`;
        for (const p of ports) {
          const [from, to] = p.split('-');
          if (coversDataPort(from, to ?? from, a.protocol)) return `allows ${a.protocol}:${p} from ${open.join(', ')}`;
        }
      }
      return undefined;
    },
  }),
  rule({
    id: 'LS-GCP-KMS-1', types: 'google_kms_crypto_key', scanners: [],
    description: 'keys rotate at least every 365 days (rotation_period)',
    check: (s) => {
      if (String(s.config.purpose ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT') return undefined;
      const p = s.config.rotation_period;
      if (isComputed(p)) return undefined;
      const secs = typeof p === 'string' ? Number(p.replace(/s$/, '')) : NaN;
      return Number.isFinite(secs) && secs <= 365 * 86400 ? undefined : `rotation_period is ${p ?? 'not set'}`;
    },
  }),
];
