/**
 * The Kubernetes, Helm and Terraform-level rules: no literal secrets in Secrets, ConfigMaps
 * or Helm values; no open LoadBalancer; sensitive outputs and variables; prevent_destroy.
 */
import { Fn, Testing, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Bytes } from '@cdktf/provider-random/lib/bytes';
import { Password } from '@cdktf/provider-random/lib/password';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { KUBERNETES_RULES, LangSmithPolicy, PolicyFinding, PolicyLevel, TERRAFORM_RULES } from '../lib/core/policy';
import { of } from './policy-helpers';

function findings(build: (stack: TerraformStack) => void): PolicyFinding[] {
  const stack = new TerraformStack(Testing.app(), 'test');
  new KubernetesProvider(stack, 'k8s', { configPath: '~/.kube/config' });
  new HelmProvider(stack, 'helm', { kubernetes: { configPath: '~/.kube/config' } });
  new RandomProvider(stack, 'random');
  build(stack);
  return LangSmithPolicy.evaluate(stack);
}
const meta = { name: 'x', namespace: 'langsmith' };

/** The way the library wires secrets: generated or variable values, referenced. */
function goodSecrets(s: TerraformStack): void {
  const salt = new Password(s, 'Salt', { length: 48, special: false });
  const key = new Bytes(s, 'Key', { length: 32 });
  const license = new TerraformVariable(s, 'langsmith_license_key', { type: 'string', sensitive: true });
  const pg = new TerraformVariable(s, 'postgres_password', { type: 'string', sensitive: true });
  new SecretV1(s, 'App', { metadata: meta, data: { api_key_salt: salt.result, encryption_key: key.base64, langsmith_license_key: license.stringValue } });
  new SecretV1(s, 'Pg', { metadata: meta, data: { connection_url: `ls:${Fn.urlencode(pg.stringValue)}@pg.internal:5432/ls?sslmode=require` } });
  new SecretV1(s, 'Redis', { metadata: meta, data: { connection_url: 'rediss://redis.internal:6379' } });
  new SecretV1(s, 'Ch', { metadata: meta, data: { clickhouse_host: 'ch.example', clickhouse_port: '8443', clickhouse_user: 'default', clickhouse_tls: 'true', clickhouse_db: 'default', 'ca-bundle.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', clickhouse_password: '${var.clickhouse_password}' } });
  new Release(s, 'Ls', {
    name: 'langsmith', chart: 'langsmith',
    values: [JSON.stringify({ config: { existingSecretName: 'langsmith-config', apiKeySalt: '', basicAuth: { enabled: true } }, ingress: { annotations: { 'nginx.ingress.kubernetes.io/auth-secret': 'basic-auth' } }, postgres: { external: { enabled: true, existingSecretName: 'pg', passwordSecretKey: 'password' } } })],
    set: [{ name: 'config.hostname', value: 'ls.example.com' }],
    setSensitive: [{ name: 'config.langsmithLicenseKey', value: license.stringValue }],
  });
  new ConfigMapV1(s, 'Cm', { metadata: meta, data: { LOG_LEVEL: 'info', TOKEN_URL: 'https://idp.example/token' } });
  new ServiceV1(s, 'Internal', { metadata: { ...meta, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' } }, spec: { type: 'LoadBalancer', port: [{ port: 443 }] } });
  new ServiceV1(s, 'Restricted', { metadata: meta, spec: { type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'], port: [{ port: 443 }] } });
  new TerraformOutput(s, 'admin_password', { value: salt.result, sensitive: true });
  new TerraformOutput(s, 'namespace', { value: 'langsmith' });
  new TerraformOutput(s, 'db_secret_arn', { value: '${aws_db_instance.Db.master_user_secret[0].secret_arn}' });
}

describe('Kubernetes, Helm and Terraform rules', () => {
  test('references to generated and variable values, non-secret coordinates and public CAs pass', () => {
    expect(findings(goodSecrets).map((f) => `${f.ruleId} ${f.address}: ${f.reason}`)).toEqual([]);
  });

  const cases: [string, string, (s: TerraformStack) => void, RegExp][] = [
    ['LS-K8S-1', 'a literal password in a Secret', (s) => { new SecretV1(s, 'Bad', { metadata: meta, data: { clickhouse_host: 'ch', clickhouse_password: 'hunter2' } }); }, /data\.clickhouse_password/],
    ['LS-K8S-1', 'a URL with a literal password', (s) => { new SecretV1(s, 'Bad', { metadata: meta, data: { connection_url: 'postgres://ls:hunter2@pg:5432/ls' } }); }, /data\.connection_url/],
    ['LS-K8S-1', 'a literal dockerconfigjson', (s) => { new SecretV1(s, 'Bad', { metadata: meta, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': '{"auths":{}}' } }); }, /\.dockerconfigjson/],
    ['LS-K8S-2', 'a literal license key in values', (s) => { new Release(s, 'Bad', { name: 'ls', chart: 'langsmith', values: [JSON.stringify({ config: { langsmithLicenseKey: 'lsv2_sk_live_123' } })] }); }, /values\[0\]\.config\.langsmithLicenseKey/],
    ['LS-K8S-2', 'a literal password in YAML values', (s) => { new Release(s, 'Bad', { name: 'ls', chart: 'langsmith', values: ['postgres:\n  external:\n    password: hunter2\n'] }); }, /postgres\.external\.password/],
    ['LS-K8S-2', 'a literal secret in set', (s) => { new Release(s, 'Bad', { name: 'ls', chart: 'langsmith', set: [{ name: 'config.jwtSecret', value: 'abc' }] }); }, /set config\.jwtSecret/],
    ['LS-K8S-2', 'a literal in set_sensitive', (s) => { new Release(s, 'Bad', { name: 'ls', chart: 'langsmith', setSensitive: [{ name: 'config.oauth.oauthClientSecret', value: 'abc' }] }); }, /set_sensitive/],
    ['LS-K8S-2', 'a literal repository password', (s) => { new Release(s, 'Bad', { name: 'ls', chart: 'langsmith', repositoryPassword: 'abc' }); }, /repository_password/],
    ['LS-K8S-3', 'a password in a ConfigMap', (s) => { new ConfigMapV1(s, 'Bad', { metadata: meta, data: { DB_PASSWORD: 'hunter2' } }); }, /DB_PASSWORD/],
    ['LS-K8S-4', 'a LoadBalancer open to everyone', (s) => { new ServiceV1(s, 'Bad', { metadata: meta, spec: { type: 'LoadBalancer', port: [{ port: 443 }] } }); }, /no load_balancer_source_ranges/],
    ['LS-K8S-4', 'a LoadBalancer for 0.0.0.0/0', (s) => { new ServiceV1(s, 'Bad', { metadata: meta, spec: { type: 'LoadBalancer', loadBalancerSourceRanges: ['0.0.0.0/0'], port: [{ port: 443 }] } }); }, /0\.0\.0\.0\/0/],
    ['LS-TF-3', 'a generated password in a plain output', (s) => { new TerraformOutput(s, 'pw', { value: new Password(s, 'P', { length: 20 }).result }); }, /random_password\.P\.result/],
    ['LS-TF-3', 'a sensitive variable in a plain output', (s) => { new TerraformOutput(s, 'lic', { value: new TerraformVariable(s, 'license', { type: 'string', sensitive: true }).stringValue }); }, /var\.license/],
    ['LS-TF-3', 'a secret attribute in a plain output', (s) => { new TerraformOutput(s, 'auth', { value: '${google_redis_instance.R.auth_string}' }); }, /auth_string/],
    ['LS-TF-3', 'a nested secret attribute in a plain output', (s) => { new TerraformOutput(s, 'kube', { value: '${azurerm_kubernetes_cluster.Aks.kube_admin_config[0].client_key}' }); }, /client_key/],
    ['LS-TF-4', 'a secret variable that is not sensitive', (s) => { new TerraformVariable(s, 'redis_password', { type: 'string' }); }, /sensitive is not true/],
    ['LS-TF-4', 'a secret variable with a default', (s) => { new TerraformVariable(s, 'api_token', { type: 'string', sensitive: true, default: 'abc' }); }, /default value/],
  ];

  test.each(cases)('%s fires on: %s', (id, _what, build, reason) => {
    const fs = findings(build);
    const rule = [...KUBERNETES_RULES, ...TERRAFORM_RULES].find((r) => r.id === id)!;
    expect(of(fs, id)).toEqual([expect.objectContaining({ level: rule.level, reason: expect.stringMatching(reason) })]);
    expect(fs.filter((f) => f.ruleId !== id)).toEqual([]);
  });

  test('every Kubernetes and output/variable rule has a bad case above; LS-TF-1/2 are covered per cloud', () => {
    const covered = new Set([...cases.map((c) => c[0]), 'LS-TF-1', 'LS-TF-2']);
    expect([...KUBERNETES_RULES, ...TERRAFORM_RULES].map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

test('output sensitivity also covers structures and whole-variable references', () => {
  const fs = findings((s) => {
    const v = new TerraformVariable(s, 'oauth_client_secret', { type: 'string', sensitive: true });
    new TerraformOutput(s, 'conn', { value: { host: 'h', secret: v.stringValue } });
  });
  expect(of(fs, 'LS-TF-3')).toEqual([expect.objectContaining({ level: PolicyLevel.ERROR, address: 'output.conn' })]);
});
