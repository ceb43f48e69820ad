/**
 * Azure rules. Scanner ids: the checkov and trivy rule catalogues (checkov
 * CKV_AZURE_* / CKV2_AZURE_*, trivy AVD-AZU-*), where a scanner checks the same thing. Both
 * azurerm v3 and v4 attribute names are read (`enable_non_ssl_port` / `non_ssl_port_enabled`).
 */
import { PolicyContext, PolicyLevel, PolicyRule, PolicySubject, rule } from '../rule';
import { at, block, blocks, coversDataPort, isComputed, isFalse, isSet, isTrue, isTrueOrComputed, isWholeInternet, strings } from '../values';

/** Whether an azurerm_private_endpoint of this stack connects to the resource. */
function hasPrivateEndpoint(s: PolicySubject, ctx: PolicyContext): boolean {
  return ctx.ofType('azurerm_private_endpoint').some((pe) => blocks(pe.config.private_service_connection).some((c) => isComputed(c.private_connection_resource_id) && String(c.private_connection_resource_id).includes(`${s.address}.id`)));
}

/** Whether an azurerm_monitor_diagnostic_setting of this stack sends the resource's audit logs somewhere. */
function auditLogCategories(s: PolicySubject, ctx: PolicyContext, categories: string[]): boolean {
  return ctx.ofType('azurerm_monitor_diagnostic_setting').some((d) => String(d.config.target_resource_id ?? '').includes(`${s.address}.id`)
    && blocks(d.config.enabled_log).some((l) => categories.includes(String(l.category)) || ['audit', 'allLogs'].includes(String(l.category_group))));
}

export const AZURE_RULES: PolicyRule[] = [
  // --- AKS ---
  rule({
    id: 'LS-AZ-AKS-1', types: 'azurerm_kubernetes_cluster', scanners: ['CKV_AZURE_115', 'CKV_AZURE_6', 'AVD-AZU-0041', 'AVD-AZU-0065'],
    description: 'the API server is private (private_cluster_enabled) or public only to listed ranges (api_server_access_profile.authorized_ip_ranges, never 0.0.0.0/0)',
    check: (s) => {
      const ranges = [...strings(at(s.config, 'api_server_access_profile.authorized_ip_ranges')), ...strings(s.config.api_server_authorized_ip_ranges)];
      const open = ranges.filter(isWholeInternet);
      if (open.length) return `authorized_ip_ranges contains ${open.join(', ')}`;
      if (isTrueOrComputed(s.config.private_cluster_enabled)) return undefined;
      return ranges.length ? undefined : 'the API server is public with no authorized_ip_ranges: open to 0.0.0.0/0';
    },
  }),
  rule({
    id: 'LS-AZ-AKS-2', types: 'azurerm_kubernetes_cluster', scanners: ['CKV_AZURE_5', 'AVD-AZU-0042'],
    description: 'Kubernetes RBAC with Entra ID (azure_active_directory_role_based_access_control block; role_based_access_control_enabled not false)',
    check: (s) => {
      if (isFalse(s.config.role_based_access_control_enabled)) return 'role_based_access_control_enabled is false';
      return block(s.config.azure_active_directory_role_based_access_control) ? undefined : 'no azure_active_directory_role_based_access_control block';
    },
  }),
  rule({
    id: 'LS-AZ-AKS-3', types: 'azurerm_kubernetes_cluster', scanners: ['CKV_AZURE_141'],
    description: 'local accounts (static cluster-admin credentials) are off (local_account_disabled = true)',
    check: (s) => (isTrueOrComputed(s.config.local_account_disabled) ? undefined : 'local_account_disabled is not true'),
  }),
  rule({
    id: 'LS-AZ-AKS-4', types: 'azurerm_kubernetes_cluster', scanners: [],
    description: 'pods get Entra identities without keys (oidc_issuer_enabled and workload_identity_enabled = true)',
    check: (s) => {
      const off = ['oidc_issuer_enabled', 'workload_identity_enabled'].filter((k) => !isTrueOrComputed(s.config[k]));
      return off.length ? `${off.join(', ')} not true` : undefined;
    },
  }),
  rule({
    id: 'LS-AZ-AKS-5', types: 'azurerm_kubernetes_cluster', scanners: ['CKV_AZURE_7', 'AVD-AZU-0043'],
    description: 'NetworkPolicy is enforced (network_profile.network_policy azure, calico or cilium)',
    check: (s) => {
      const p = at(s.config, 'network_profile.network_policy');
      return ['azure', 'calico', 'cilium'].includes(String(p)) || isComputed(p) ? undefined : `network_profile.network_policy is ${p ?? 'not set'}`;
    },
  }),
  rule({
    id: 'LS-AZ-AKS-6', types: 'azurerm_kubernetes_cluster', scanners: [],
    description: 'control-plane audit logs are collected (an azurerm_monitor_diagnostic_setting of this stack with kube-audit or kube-audit-admin)',
    check: (s, ctx) => (auditLogCategories(s, ctx, ['kube-audit', 'kube-audit-admin']) ? undefined : 'no azurerm_monitor_diagnostic_setting sends kube-audit / kube-audit-admin of this cluster'),
  }),
  rule({
    id: 'LS-AZ-AKS-7', types: 'azurerm_kubernetes_cluster', level: PolicyLevel.WARNING, scanners: [],
    description: 'secrets in etcd are also encrypted with a Key Vault key (key_management_service); AKS encrypts etcd with platform keys without it',
    check: (s) => (block(s.config.key_management_service) ? undefined : 'no key_management_service: etcd uses platform-managed keys only'),
  }),
  rule({
    id: 'LS-AZ-AKS-8', types: 'azurerm_kubernetes_cluster', level: PolicyLevel.WARNING, scanners: [],
    description: 'the cluster is patched automatically (automatic_upgrade_channel or node_os_upgrade_channel set)',
    check: (s) => (isSet(s.config.automatic_upgrade_channel) || isSet(s.config.automatic_channel_upgrade) || isSet(s.config.node_os_upgrade_channel) ? undefined : 'no automatic_upgrade_channel'),
  }),

  // --- PostgreSQL flexible server ---
  rule({
    id: 'LS-AZ-PG-1', types: 'azurerm_postgresql_flexible_server', scanners: [],
    description: 'no public network access (public_network_access_enabled = false, or VNet integration with delegated_subnet_id); checkov has no check for the flexible server',
    check: (s) => {
      if (isSet(s.config.delegated_subnet_id)) return isTrue(s.config.public_network_access_enabled) ? 'public_network_access_enabled is true' : undefined;
      return isFalse(s.config.public_network_access_enabled) || isComputed(s.config.public_network_access_enabled) ? undefined : 'public_network_access_enabled is not false (public is the default)';
    },
  }),
  rule({
    id: 'LS-AZ-PG-2', types: 'azurerm_postgresql_flexible_server', scanners: ['CKV2_AZURE_57'],
    description: 'reachable privately: VNet integration (delegated_subnet_id) or an azurerm_private_endpoint of this stack',
    check: (s, ctx) => (isSet(s.config.delegated_subnet_id) || hasPrivateEndpoint(s, ctx) ? undefined : 'neither delegated_subnet_id nor a private endpoint to this server'),
  }),
  rule({
    id: 'LS-AZ-PG-3', types: 'azurerm_postgresql_flexible_server', scanners: [],
    description: 'backups are kept at least 7 days (backup_retention_days >= 7; Azure default 7)',
    check: (s) => {
      const v = s.config.backup_retention_days;
      return v === undefined || isComputed(v) || Number(v) >= 7 ? undefined : `backup_retention_days is ${v}`;
    },
  }),
  rule({
    id: 'LS-AZ-PG-4', types: 'azurerm_postgresql_flexible_server', level: PolicyLevel.WARNING, scanners: ['CKV_AZURE_136'],
    description: 'backups are geo-redundant (geo_redundant_backup_enabled = true)',
    check: (s) => (isTrueOrComputed(s.config.geo_redundant_backup_enabled) ? undefined : 'geo_redundant_backup_enabled is not true'),
  }),
  rule({
    id: 'LS-AZ-PG-5', types: 'azurerm_postgresql_flexible_server', level: PolicyLevel.WARNING, scanners: [],
    description: 'a standby takes over on failure (high_availability mode ZoneRedundant or SameZone) outside development sizes',
    check: (s) => (block(s.config.high_availability) ? undefined : 'no high_availability block'),
  }),
  rule({
    id: 'LS-AZ-PG-6', types: 'azurerm_postgresql_flexible_server_configuration', scanners: [],
    description: 'TLS stays required: require_secure_transport is not off, ssl_min_protocol_version is TLSv1.2 or later',
    check: (s) => {
      const name = String(s.config.name);
      const value = String(s.config.value);
      if (name === 'require_secure_transport' && /^(off|false|0)$/i.test(value)) return 'require_secure_transport is off';
      if (name === 'ssl_min_protocol_version' && /^TLSv1(\.1)?$/.test(value)) return `ssl_min_protocol_version is ${value}`;
      return undefined;
    },
  }),
  rule({
    id: 'LS-AZ-PG-7', types: 'azurerm_postgresql_flexible_server_firewall_rule', scanners: ['CKV2_AZURE_26'],
    description: 'no firewall rule opening the server to the internet or to all of Azure (0.0.0.0-255.255.255.255, 0.0.0.0-0.0.0.0)',
    check: (s) => {
      const start = String(s.config.start_ip_address);
      const end = String(s.config.end_ip_address);
      if (start === '0.0.0.0' && (end === '255.255.255.255' || end === '0.0.0.0')) return `firewall rule ${start}-${end}`;
      return undefined;
    },
  }),

  // --- Redis ---
  rule({
    id: 'LS-AZ-REDIS-1', types: 'azurerm_redis_cache', scanners: ['CKV_AZURE_148'],
    description: 'TLS 1.2 or later (minimum_tls_version = "1.2"; the azurerm v4 default)',
    check: (s) => {
      const v = s.config.minimum_tls_version;
      return v === undefined || v === '1.2' || isComputed(v) ? undefined : `minimum_tls_version is ${v}`;
    },
  }),
  rule({
    id: 'LS-AZ-REDIS-2', types: 'azurerm_redis_cache', scanners: ['CKV_AZURE_91'],
    description: 'the plaintext port is closed (non_ssl_port_enabled / enable_non_ssl_port not true)',
    check: (s) => (isTrue(s.config.non_ssl_port_enabled) || isTrue(s.config.enable_non_ssl_port) ? 'the non-TLS port 6379 is enabled' : undefined),
  }),
  rule({
    id: 'LS-AZ-REDIS-3', types: 'azurerm_redis_cache', scanners: ['CKV_AZURE_89'],
    description: 'no public network access (public_network_access_enabled = false)',
    check: (s) => (isFalse(s.config.public_network_access_enabled) || isComputed(s.config.public_network_access_enabled) || isSet(s.config.subnet_id) ? undefined : 'public_network_access_enabled is not false (public is the default)'),
  }),
  rule({
    id: 'LS-AZ-REDIS-4', types: ['azurerm_redis_cache', 'azurerm_managed_redis'], scanners: [],
    description: 'reachable privately: an azurerm_private_endpoint of this stack (or VNet injection with subnet_id)',
    check: (s, ctx) => (isSet(s.config.subnet_id) || hasPrivateEndpoint(s, ctx) ? undefined : 'no private endpoint to this cache'),
  }),
  rule({
    id: 'LS-AZ-REDIS-5', types: 'azurerm_redis_cache', level: PolicyLevel.WARNING, scanners: ['CKV_AZURE_230'],
    description: 'a replicated SKU (Standard or Premium), not Basic',
    check: (s) => (s.config.sku_name === 'Basic' ? 'sku_name is Basic (no replica, no SLA)' : undefined),
  }),
  rule({
    id: 'LS-AZ-REDIS-6', types: 'azurerm_managed_redis', scanners: [],
    description: 'Azure Managed Redis: no public network access (public_network_access = "Disabled") and TLS only (default_database.client_protocol = "Encrypted")',
    check: (s) => {
      if (s.config.public_network_access !== 'Disabled' && !isComputed(s.config.public_network_access)) return `public_network_access is ${s.config.public_network_access ?? 'not set (Enabled)'}`;
      return at(s.config, 'default_database.client_protocol') === 'Plaintext' ? 'default_database.client_protocol is Plaintext' : undefined;
    },
  }),

  // --- Storage account ---
  rule({
    id: 'LS-AZ-SA-1', types: 'azurerm_storage_account', scanners: ['CKV_AZURE_3', 'AVD-AZU-0008'],
    description: 'HTTPS only (https_traffic_only_enabled / enable_https_traffic_only not false)',
    check: (s) => (isFalse(s.config.https_traffic_only_enabled) || isFalse(s.config.enable_https_traffic_only) ? 'HTTPS-only is off' : undefined),
  }),
  rule({
    id: 'LS-AZ-SA-2', types: 'azurerm_storage_account', scanners: ['CKV_AZURE_44', 'AVD-AZU-0011'],
    description: 'TLS 1.2 or later (min_tls_version = TLS1_2; the azurerm v4 default)',
    check: (s) => {
      const v = s.config.min_tls_version;
      return v === undefined || v === 'TLS1_2' || v === 'TLS1_3' || isComputed(v) ? undefined : `min_tls_version is ${v}`;
    },
  }),
  rule({
    id: 'LS-AZ-SA-3', types: 'azurerm_storage_account', scanners: ['CKV_AZURE_190', 'AVD-AZU-0007'],
    description: 'no public blobs or containers (allow_nested_items_to_be_public = false; true is the default)',
    check: (s) => (isFalse(s.config.allow_nested_items_to_be_public) || isFalse(s.config.allow_blob_public_access) ? undefined : 'allow_nested_items_to_be_public is not false'),
  }),
  rule({
    id: 'LS-AZ-SA-4', types: 'azurerm_storage_account', scanners: ['CKV_AZURE_59', 'CKV_AZURE_35', 'CKV_AZURE_36', 'AVD-AZU-0012'],
    description: 'no access from the internet: public_network_access_enabled = false, or network_rules.default_action = Deny',
    check: (s) => {
      if (isFalse(s.config.public_network_access_enabled)) return undefined;
      const action = at(s.config, 'network_rules.default_action');
      return action === 'Deny' || isComputed(action) ? undefined : `public network access is on and network_rules.default_action is ${action ?? 'not set (Allow)'}`;
    },
  }),
  rule({
    id: 'LS-AZ-SA-5', types: 'azurerm_storage_account', level: PolicyLevel.WARNING, scanners: [],
    description: 'shared keys are off (shared_access_key_enabled = false): workloads use Entra workload identity, not account keys',
    check: (s) => (isFalse(s.config.shared_access_key_enabled) ? undefined : 'shared_access_key_enabled is not false: account keys and SAS tokens work'),
  }),
  rule({
    id: 'LS-AZ-SA-6', types: 'azurerm_storage_account', scanners: [],
    description: 'deleted or overwritten blobs can be recovered (blob_properties.versioning_enabled or delete_retention_policy)',
    check: (s) => {
      const bp = block(s.config.blob_properties);
      return bp && (isTrueOrComputed(bp.versioning_enabled) || block(bp.delete_retention_policy)) ? undefined : 'neither blob versioning nor a delete retention policy';
    },
  }),
  rule({
    id: 'LS-AZ-SA-7', types: 'azurerm_storage_account', scanners: [],
    description: 'reachable privately when public access is off: an azurerm_private_endpoint of this stack, or network_rules.virtual_network_subnet_ids',
    check: (s, ctx) => {
      const publicOff = isFalse(s.config.public_network_access_enabled) || at(s.config, 'network_rules.default_action') === 'Deny';
      if (!publicOff) return undefined;
      return hasPrivateEndpoint(s, ctx) || isSet(at(s.config, 'network_rules.virtual_network_subnet_ids')) ? undefined : 'no private endpoint or subnet rule: nothing could reach the account';
    },
  }),
  rule({
    id: 'LS-AZ-SA-8', types: 'azurerm_storage_container', scanners: [],
    description: 'containers are private (container_access_type = private)',
    check: (s) => (s.config.container_access_type === undefined || s.config.container_access_type === 'private' ? undefined : `container_access_type is ${s.config.container_access_type}`),
  }),

  // --- Key Vault, network ---
  rule({
    id: 'LS-AZ-KV-1', types: 'azurerm_key_vault', scanners: [],
    description: 'keys survive deletion (purge_protection_enabled = true)',
    check: (s) => (isTrueOrComputed(s.config.purge_protection_enabled) ? undefined : 'purge_protection_enabled is not true'),
  }),
  rule({
    id: 'LS-AZ-KV-2', types: 'azurerm_key_vault', scanners: [],
    description: 'no access from the internet (public_network_access_enabled = false or network_acls.default_action = Deny)',
    check: (s) => (isFalse(s.config.public_network_access_enabled) || at(s.config, 'network_acls.default_action') === 'Deny' ? undefined : 'public network access is on with no Deny network ACL'),
  }),
  rule({
    id: 'LS-AZ-NET-1', types: ['azurerm_network_security_rule', 'azurerm_network_security_group'], scanners: [],
    description: 'no inbound Allow from the internet (*, 0.0.0.0/0, Internet) to data-store or admin ports',
    check: (s) => {
      const rules = s.type === 'azurerm_network_security_rule' ? [s.config] : blocks(s.config.security_rule);
      for (const r of rules) {
        if (r.direction !== 'Inbound' || r.access !== 'Allow') continue;
        const sources = [...strings(r.source_address_prefix), ...strings(r.source_address_prefixes)];
        if (!sources.some(isWholeInternet)) continue;
        const ports = [...strings(r.destination_port_range), ...strings(r.destination_port_ranges)];
        if (ports.some((p) => p === '*' || coversDataPort(p.split('-')[0], p.split('-')[1] ?? p.split('-')[0], 'tcp'))) return `inbound Allow from ${sources.join(', ')} to ports ${ports.join(', ')}`;
      }
      return undefined;
    },
  }),
];
