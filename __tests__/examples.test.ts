import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { synthesize } from '../stacks/app';
import { Testing, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { build as awsByoVpc } from '../examples/aws-byo-vpc/main';
import { build as azureByoVnet } from '../examples/azure-byo-vnet/main';
import { build as existingCluster } from '../examples/existing-cluster/main';
import { build as gcpByoNetwork } from '../examples/gcp-byo-network/main';
import { langsmithValues, onlyResource, resourcesOf, StackJson, synthJson, writeDeploymentsFile } from './helpers';

/** Synthesizes both stacks of a two-stack example, cross-stack references turned into outputs + remote state as app.synth() does. */
function synthBoth(stacks: { infra: TerraformStack; app: TerraformStack }): { infra: StackJson; app: StackJson } {
  stacks.infra.prepareStack();
  stacks.app.prepareStack();
  return { infra: synthJson(stacks.infra), app: synthJson(stacks.app) };
}

/** The app stack's providers reach the cluster through the infra stack's outputs (remote state), with exec auth. */
function expectClusterFromInfra(app: StackJson, clusterType: string, command: string): void {
  const k = app.provider.kubernetes[0];
  expect(k.host).toMatch(new RegExp(`data\\.terraform_remote_state\\.cross-stack-reference-input-platform-infra\\.outputs\\.cross-stack-output-${clusterType}`));
  expect(k.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\./);
  expect(k.exec[0].command).toBe(command);
  expect(app.provider.helm[0].kubernetes).toMatchObject({ host: k.host, exec: { command } });
  expect(app.provider.random).toBeDefined();
  expect(app.data.terraform_remote_state['cross-stack-reference-input-platform-infra']).toBeDefined();
}

/** The LangSmith release exists, its license key is the sensitive variable, and nothing secret is a literal. */
function expectLangSmith(app: StackJson): any {
  const release = Object.values(resourcesOf(app, 'helm_release')).find((r: any) => r.chart === 'langsmith') as any;
  expect(release).toMatchObject({ chart: 'langsmith', version: '0.16.11', namespace: 'langsmith' });
  expect(app.variable.langsmith_license_key).toMatchObject({ type: 'string', sensitive: true });
  const appSecret = Object.values(resourcesOf(app, 'kubernetes_secret_v1')).find((s: any) => s.data.langsmith_license_key) as any;
  expect(appSecret.data.langsmith_license_key).toBe('${var.langsmith_license_key}');
  expect(app.output.initial_admin_password.sensitive).toBe(true);
  // Postgres and Redis reach the chart through Secrets built from the infra stack's outputs; no secret is a literal.
  const secrets = Object.values(resourcesOf(app, 'kubernetes_secret_v1')) as any[];
  for (const name of ['langsmith-postgres', 'langsmith-redis']) {
    expect(secrets.find((s) => s.metadata.name === name).data.connection_url).toMatch(/data\.terraform_remote_state\.cross-stack-reference-input-platform-infra/);
  }
  expect(JSON.stringify(app)).not.toMatch(/"(password|auth_token|langsmith_license_key)":\s*"(?!\$\{)/);
  return langsmithValues(app);
}

describe('examples', () => {
  test('every example imports the package by its name, never a relative path into lib/', () => {
    for (const f of ['existing-cluster/main.ts', 'aws-byo-vpc/main.ts', 'gcp-byo-network/main.ts', 'azure-byo-vnet/main.ts']) {
      const src = readFileSync(join(__dirname, '..', 'examples', f), 'utf8');
      expect(src).toContain("from 'cdktf-langsmith'");
      expect(src).not.toMatch(/from '\.\.?\/.*lib/);
      // Provider classes by deep path only (a package root loads every resource class of the provider).
      expect(src).not.toMatch(/from '@cdktf\/provider-[a-z]+'/);
    }
  });

  test('existing-cluster: LangSmith on a cluster the user manages synthesizes', () => {
    const stack = existingCluster(Testing.app());
    const json = synthJson(stack);
    expect(onlyResource(json, 'helm_release')).toMatchObject({ chart: 'langsmith', version: '0.16.11' });
    expect(json.provider.kubernetes[0]).toMatchObject({ config_context: 'prod' });
    expect(langsmithValues(json).config.telemetry.logs).toBe(false);
  });

  test('aws-byo-vpc: the AWS foundation in your own stack and VPC, LangSmith on top in a second stack', () => {
    const { infra, app } = synthBoth(awsByoVpc(Testing.app()));
    // Bring your own network: nothing of the network is created.
    for (const t of ['aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_vpc_endpoint', 'aws_flow_log']) expect(resourcesOf(infra, t)).toEqual({});
    // The user's own provider, in the user's stack.
    expect(infra.provider.aws[0]).toMatchObject({ region: 'us-west-2' });
    // EKS with a private API only, in the private subnets; data stores in the data subnets, encrypted, private, protected.
    expect(onlyResource(infra, 'aws_eks_cluster')).toMatchObject({
      vpc_config: { endpoint_public_access: false, endpoint_private_access: true, subnet_ids: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'] },
      encryption_config: { resources: ['secrets'] },
      deletion_protection: true,
    });
    expect(onlyResource(infra, 'aws_eks_node_group').subnet_ids).toEqual(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2']);
    expect(onlyResource(infra, 'aws_db_instance')).toMatchObject({ storage_encrypted: true, publicly_accessible: false, deletion_protection: true, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(infra, 'aws_db_subnet_group').subnet_ids).toEqual(['subnet-0ddddddddddddddd1', 'subnet-0ddddddddddddddd2']);
    expect(onlyResource(infra, 'aws_elasticache_replication_group')).toMatchObject({ transit_encryption_enabled: true, at_rest_encryption_enabled: 'true' });
    expect(onlyResource(infra, 'aws_elasticache_subnet_group').subnet_ids).toEqual(['subnet-0ddddddddddddddd1', 'subnet-0ddddddddddddddd2']);
    expect(Object.values(resourcesOf(infra, 'aws_security_group')).every((g: any) => g.vpc_id === 'vpc-0123456789abcdef0')).toBe(true);
    expect(onlyResource(infra, 'aws_s3_bucket')).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(infra, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });

    // The app stack reaches the cluster through the infra stack, installs the load balancer controller first, then LangSmith.
    expectClusterFromInfra(app, 'aws_eks_cluster', 'aws');
    const values = expectLangSmith(app);
    const releases = resourcesOf(app, 'helm_release');
    const [lbId] = Object.entries(releases).find(([, r]: any) => r.chart === 'aws-load-balancer-controller')!;
    expect((Object.values(releases).find((r: any) => r.chart === 'langsmith') as any).depends_on).toContain(`helm_release.${lbId}`);
    expect(values.config.blobStorage).toMatchObject({ enabled: true, engine: 'S3', bucketName: expect.stringMatching(/terraform_remote_state.*aws_s3_bucket/) });
    expect(values.ingress).toMatchObject({ enabled: true, ingressClassName: 'alb', annotations: { 'alb.ingress.kubernetes.io/scheme': 'internal', 'alb.ingress.kubernetes.io/subnets': 'subnet-0aaaaaaaaaaaaaaa1,subnet-0aaaaaaaaaaaaaaa2' } });
    expect(app.output.url.value).toBe('http://langsmith.platform.example.com');
  });

  test('gcp-byo-network: the GCP foundation in your own stack and network, LangSmith on top in a second stack', () => {
    const { infra, app } = synthBoth(gcpByoNetwork(Testing.app()));
    const network = 'projects/acme-platform-prod/global/networks/platform-vpc';
    const subnetwork = 'projects/acme-platform-prod/regions/us-central1/subnetworks/platform-gke-nodes';
    for (const t of ['google_compute_network', 'google_compute_subnetwork', 'google_compute_router', 'google_compute_router_nat']) expect(resourcesOf(infra, t)).toEqual({});
    expect(infra.provider.google[0]).toMatchObject({ project: 'acme-platform-prod', region: 'us-central1' });
    // Private services access on your network, for Cloud SQL and Memorystore.
    expect(onlyResource(infra, 'google_compute_global_address')).toMatchObject({ network, purpose: 'VPC_PEERING' });
    expect(onlyResource(infra, 'google_container_cluster')).toMatchObject({
      network,
      subnetwork,
      ip_allocation_policy: { cluster_secondary_range_name: 'gke-pods', services_secondary_range_name: 'gke-services' },
      private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true },
      database_encryption: { state: 'ENCRYPTED' },
      deletion_protection: true,
    });
    expect(onlyResource(infra, 'google_sql_database_instance')).toMatchObject({
      deletion_protection: true,
      settings: { ip_configuration: { ipv4_enabled: false, private_network: network, ssl_mode: 'ENCRYPTED_ONLY' } },
    });
    expect(onlyResource(infra, 'google_redis_instance')).toMatchObject({ authorized_network: network, auth_enabled: true, transit_encryption_mode: 'SERVER_AUTHENTICATION' });
    expect(onlyResource(infra, 'google_storage_bucket')).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: 'enforced', force_destroy: false });
    expect(onlyResource(infra, 'google_compute_address')).toMatchObject({ address_type: 'INTERNAL', subnetwork });
    // The internal load balancer's proxies (your proxy-only range) may reach the frontend's port.
    expect(onlyResource(infra, 'google_compute_firewall')).toMatchObject({ network, direction: 'INGRESS', source_ranges: ['10.129.0.0/23'], allow: [{ protocol: 'tcp', ports: ['8080'] }] });

    expectClusterFromInfra(app, 'google_container_cluster', 'gke-gcloud-auth-plugin');
    expect(app.provider.kubernetes[0].host).toMatch(/^https:\/\/\$\{data\.terraform_remote_state\..*private_endpoint\}$/);
    const values = expectLangSmith(app);
    expect(values.config.blobStorage).toMatchObject({ enabled: true, engine: 'GCS', bucketName: expect.stringMatching(/terraform_remote_state.*google_storage_bucket/) });
    expect(values.ingress).toMatchObject({ enabled: true, annotations: { 'kubernetes.io/ingress.class': 'gce-internal', 'kubernetes.io/ingress.regional-static-ip-name': 'acme-langsmith-ingress' } });
    expect(values.ingress.ingressClassName).toBeUndefined();
  });

  test('azure-byo-vnet: the Azure foundation in your own stack and VNet, LangSmith on top in a second stack', () => {
    const { infra, app } = synthBoth(azureByoVnet(Testing.app()));
    const vnet = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/network-rg/providers/Microsoft.Network/virtualNetworks/platform-vnet';
    for (const t of ['azurerm_virtual_network', 'azurerm_subnet', 'azurerm_network_security_group', 'azurerm_nat_gateway', 'azurerm_public_ip']) expect(resourcesOf(infra, t)).toEqual({});
    expect(infra.provider.azurerm[0]).toMatchObject({ features: [{}], subscription_id: '00000000-0000-0000-0000-000000000000', storage_use_azuread: true });
    expect(onlyResource(infra, 'azurerm_kubernetes_cluster')).toMatchObject({
      default_node_pool: { vnet_subnet_id: `${vnet}/subnets/aks-nodes` },
      private_cluster_enabled: true,
      local_account_disabled: true,
      workload_identity_enabled: true,
      network_profile: { outbound_type: 'loadBalancer' },
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(infra, 'azurerm_postgresql_flexible_server')).toMatchObject({ delegated_subnet_id: `${vnet}/subnets/postgres`, public_network_access_enabled: false, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(infra, 'azurerm_managed_redis')).toMatchObject({ public_network_access: 'Disabled', default_database: { client_protocol: 'Encrypted' } });
    expect(onlyResource(infra, 'azurerm_storage_account')).toMatchObject({ public_network_access_enabled: false, shared_access_key_enabled: false, allow_nested_items_to_be_public: false, min_tls_version: 'TLS1_2' });
    const endpoints = Object.values(resourcesOf(infra, 'azurerm_private_endpoint')) as any[];
    expect(endpoints.length).toBeGreaterThan(0);
    for (const pe of endpoints) expect(pe.subnet_id).toBe(`${vnet}/subnets/private-endpoints`);
    for (const link of Object.values(resourcesOf(infra, 'azurerm_private_dns_zone_virtual_network_link')) as any[]) expect(link.virtual_network_id).toBe(vnet);

    expectClusterFromInfra(app, 'azurerm_kubernetes_cluster', 'kubelogin');
    const values = expectLangSmith(app);
    expect(values.config.blobStorage).toMatchObject({ enabled: true, engine: 'Azure', azureStorageAccountName: expect.stringMatching(/terraform_remote_state.*azurerm_storage_account/) });
    expect(values.ingress).toMatchObject({ enabled: true, ingressClassName: 'webapprouting.kubernetes.azure.com' });
  });

  test('the CI workflow (issue 19.8): exact-name diffs, saved plans approved then applied, scoped secrets, one group per deployment', () => {
    const text = readFileSync(join(__dirname, '..', 'examples', 'ci', 'github-actions.yml'), 'utf8');
    const wf = parse(text);
    const jobs = wf.jobs as Record<string, any>;
    const runs = (job: string): string[] => jobs[job].steps.map((s: any) => s.run).filter(Boolean);
    const all = Object.keys(jobs).flatMap(runs);
    // Says which repository it is for.
    expect(text.split('\n').slice(0, 6).join('\n')).toMatch(/Which repository: .*cdktf-langsmith/s);
    expect(wf.permissions['id-token']).toBe('write');
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|GOOGLE_CREDENTIALS|ARM_CLIENT_SECRET/);
    // Pull requests: one diff per stack, by exact name (cdktf 0.21 diff takes one stack).
    expect(jobs.diff.if).toContain('pull_request');
    expect(runs('diff').filter((r) => r.includes('cdktf diff'))).toEqual(['npx cdktf diff "${DEPLOYMENT}-infra" --skip-synth', 'npx cdktf diff "${DEPLOYMENT}-app" --skip-synth']);
    // Main: saved plans, approval after the plan, apply of that plan; never cdktf deploy or auto-approve.
    expect(all.some((r) => /cdktf deploy|auto-approve/.test(r))).toBe(false);
    for (const [plan, apply, stack] of [['plan-infra', 'apply-infra', 'acme-obs-infra'], ['plan-app', 'apply-app', 'acme-obs-app']]) {
      expect(jobs[plan].env.STACK).toBe(stack);
      expect(jobs[apply].env.STACK).toBe(stack);
      expect(stack.startsWith(`${wf.env.DEPLOYMENT}-`)).toBe(true);
      expect(runs(plan)).toEqual(expect.arrayContaining(['npm ci', 'npm run synth', 'terraform -chdir="cdktf.out/stacks/$STACK" plan -input=false -out=tfplan']));
      expect(runs(plan).join('\n')).toContain('terraform -chdir="cdktf.out/stacks/$STACK" show -no-color tfplan');
      expect(runs(plan).join('\n')).toContain('$GITHUB_STEP_SUMMARY');
      expect(jobs[apply].needs).toBe(plan);
      expect(jobs[apply].environment).toBe('production');
      expect(jobs[plan].environment).toBeUndefined();
      expect(runs(apply)).toContain('terraform -chdir="cdktf.out/stacks/$STACK" apply -input=false tfplan');
    }
    expect(jobs['plan-app'].needs).toBe('apply-infra');
    // No unit tests in a deploy pipeline.
    expect(all.some((r) => /npm (run )?test|jest/.test(r))).toBe(false);
    // Provider plugin cache, and the credential plugins the app stacks call.
    expect(wf.env.TF_PLUGIN_CACHE_DIR).toBeDefined();
    expect(jobs.diff.steps.some((s: any) => s.uses?.startsWith('actions/cache@'))).toBe(true);
    expect(text).toContain('install_components: gke-gcloud-auth-plugin');
    expect(text).toContain('azure/use-kubelogin@');
    // Secrets only on the steps that use them.
    expect(Object.keys(wf.env).filter((k) => k.startsWith('TF_VAR_'))).toEqual([]);
    for (const [name, job] of Object.entries(jobs)) {
      expect({ name, env: Object.keys(job.env ?? {}).filter((k) => /^TF_VAR_|PASSPHRASE/.test(k)) }).toEqual({ name, env: [] });
      for (const step of job.steps) {
        const secrets = JSON.stringify(step.env ?? {}).match(/secrets\.\w+/g) ?? [];
        if (secrets.length) expect({ name, run: step.run, uses: !!step.uses }).toEqual({ name, run: expect.stringMatching(/cdktf diff|plan -input=false -out=tfplan|openssl enc/), uses: false });
      }
    }
    // One concurrency group per deployment, never cancelled.
    expect(wf.concurrency).toEqual({ group: `langsmith-${wf.env.DEPLOYMENT}`, 'cancel-in-progress': false });
    // Pull-request diffs take no state lock: the read-only role the README advises cannot write one,
    // and a diff never holds the lock a deploy needs (cdktf diff runs `terraform plan`, which reads TF_CLI_ARGS_plan).
    expect(jobs.diff.env.TF_CLI_ARGS_plan).toBe('-lock=false');
    for (const job of ['plan-infra', 'plan-app']) expect(jobs[job].env.TF_CLI_ARGS_plan).toBeUndefined();
    // Saved plans need a backend that can save them: the `remote` backend refuses `plan -out`.
    expect(text.split('\n').slice(0, 10).join('\n')).toMatch(/Not `remote`/);
  });

  test('the CI workflow runs against stacks npm run synth really writes', () => {
    const wf = parse(readFileSync(join(__dirname, '..', 'examples', 'ci', 'github-actions.yml'), 'utf8'));
    const out = join(mkdtempSync(join(tmpdir(), 'ci-')), 'cdktf.out');
    synthesize(writeDeploymentsFile({ deployments: [{ name: wf.env.DEPLOYMENT, mode: 'observability', cloud: 'aws', region: 'us-west-2' }] }), out);
    for (const job of ['plan-infra', 'plan-app']) expect(existsSync(join(out, 'stacks', wf.jobs[job].env.STACK, 'cdk.tf.json'))).toBe(true);
  });
});
