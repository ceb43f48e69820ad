/**
 * Validation at the entry points: name rules of the clouds (length, characters, global
 * uniqueness), versions, counts and CIDRs, in construct props (lib/core/validation) and in
 * the deployments file. Every error names where, the field, the value and what is allowed.
 */
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ConfigurationError } from '../lib/core/errors';
import {
  checkCount, checkDnsLabel, checkGcsBucketName, checkKeyVaultName, checkOffered, checkResourceGroupName, checkS3BucketName, checkStorageAccountName,
  gcsBucketNameProblem, s3BucketNameProblem,
} from '../lib/core/validation';
import { LangSmithPolicy } from '../lib/core/policy';
import { buildApp } from '../stacks/app';
import { parseDeployments, validateDeployments } from '../stacks/config';
import { OAUTH_DEPLOYMENT_YAML } from './helpers';

function scope(): Construct {
  return new Construct(new TerraformStack(Testing.app(), 'stack'), 'Blob');
}

function error(fn: () => void): ConfigurationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigurationError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('cloud name rules', () => {
  test.each([
    ['ab', /2 characters; S3 bucket names have 3-63/],
    ['a'.repeat(64), /64 characters/],
    ['Acme-Traces', /lowercase letters/],
    ['acme_traces', /lowercase letters/],
    ['acme..traces', /adjacent periods/],
    ['192.168.1.10', /IP address/],
    ['xn--acme', /cannot start with xn--/],
    ['acme-s3alias', /cannot end with -s3alias/],
  ])('S3 bucket %s is refused', (name, why) => {
    const e = error(() => checkS3BucketName(scope(), 'bucketName', name));
    expect(e.message).toMatch(why);
    expect(e.message).toContain(`stack/Blob: field 'bucketName' has value ${JSON.stringify(name.length > 77 ? `${name.slice(0, 75)}...` : name)}`);
    expect(e.message).toContain('unique across all of AWS');
  });

  test('good S3 names and prefixes pass; a long prefix does not', () => {
    for (const n of ['acme-langsmith-traces', 'acme.langsmith.traces', 'a1b']) expect(s3BucketNameProblem(n)).toBeUndefined();
    expect(() => checkS3BucketName(scope(), 'bucketPrefix', 'aws-obs-langsmith-', true)).not.toThrow();
    expect(error(() => checkS3BucketName(scope(), 'bucketPrefix', 'x'.repeat(38), true)).message).toContain('38 characters; a bucket_prefix has at most 37');
    // Known only at apply time: skipped.
    const s = scope();
    expect(() => checkS3BucketName(s, 'bucketName', new TerraformVariable(s, 'bucket', { type: 'string' }).stringValue)).not.toThrow();
  });

  test.each([
    ['a', /1 characters/],
    ['goog-traces', /goog/],
    ['my-google-traces', /google/],
    ['-traces', /start and end/],
    ['Traces', /lowercase/],
    [`${'a'.repeat(64)}.example.com`, /each dot-separated part/],
  ])('GCS bucket %s is refused', (name, why) => {
    const e = error(() => checkGcsBucketName(scope(), 'bucketName', name));
    expect(e.message).toMatch(why);
    expect(e.message).toContain('unique across all of Google Cloud');
  });

  test('good GCS names pass', () => {
    for (const n of ['acme-prod-123-traces', 'acme_traces', 'traces.acme.example.com']) expect(gcsBucketNameProblem(n)).toBeUndefined();
  });

  test('storage accounts: 3-24 lowercase letters and digits, global', () => {
    expect(() => checkStorageAccountName(scope(), 'storageAccountName', 'acmelangsmith01')).not.toThrow();
    expect(error(() => checkStorageAccountName(scope(), 'storageAccountName', 'acme-langsmith')).message).toBe("stack/Blob: field 'storageAccountName' has value \"acme-langsmith\"; storage account names have only lowercase letters and digits (no - or _); allowed: a name such as acmelangsmith01, unique across all of Azure (it becomes <name>.blob.core.windows.net)");
    expect(error(() => checkStorageAccountName(scope(), 'storageAccountName', 'acmelangsmithtracesprod01')).message).toContain('25 characters; storage account names have 3-24');
  });

  test('key vaults, resource groups, DNS labels', () => {
    expect(() => checkKeyVaultName(scope(), 'keyVaultName', 'acme-ls-kms')).not.toThrow();
    for (const bad of ['1acme', 'acme--kv', 'kv', 'acme-langsmith-secrets-kv1', 'acme-']) expect(error(() => checkKeyVaultName(scope(), 'keyVaultName', bad)).message).toContain('unique across all of Azure');
    expect(() => checkResourceGroupName(scope(), 'resourceGroupName', 'rg-langsmith_prod(1)')).not.toThrow();
    expect(error(() => checkResourceGroupName(scope(), 'resourceGroupName', 'rg.')).message).toContain('not ending with a period');
    expect(error(() => checkResourceGroupName(scope(), 'resourceGroupName', 'x'.repeat(91))).field).toBe('resourceGroupName');
    expect(error(() => checkDnsLabel(scope(), 'namespace', 'LangSmith')).message).toContain('a DNS-1123 label');
  });

  test('versions the cloud does not offer, and counts below one', () => {
    const e = error(() => checkOffered(scope(), 'kubernetesVersion', '1.3', ['1.31', '1.32', '1.33'], 'EKS Kubernetes version'));
    expect(e.message).toBe("stack/Blob: field 'kubernetesVersion' has value \"1.3\"; not a EKS Kubernetes version this library supports; did you mean '1.31'? Allowed: 1.31, 1.32, 1.33");
    expect(error(() => checkCount(scope(), 'staticIps', 0)).message).toBe("stack/Blob: field 'staticIps' has value 0; allowed: an integer >= 1");
    expect(() => checkCount(scope(), 'staticIps', 2, 16)).not.toThrow();
  });
});

describe('the deployments file refuses bad input with deployment, field, value and allowed', () => {
  const k8s = { name: 'acme', mode: 'observability', cloud: 'kubernetes' };
  const aws = { name: 'acme', mode: 'observability', cloud: 'aws', region: 'us-west-2' };
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['a public network CIDR', { ...aws, network: { cidr: '8.8.0.0/16' } }, 'network.cidr', /private range/],
    ['a malformed CIDR', { ...aws, network: { cidr: '10.0.0.0/33' } }, 'network.cidr', /IPv4 CIDR/],
    ['the whole internet on the API allow-list', { ...aws, cluster: { apiAllowedCidrs: ['0.0.0.0/0'] } }, 'cluster.apiAllowedCidrs', /0\.0\.0\.0\/0/],
    ['zero static IPs', { ...aws, egress: { staticIps: 0 } }, 'egress.staticIps', />= 1/],
    ['zero agent replicas', { ...k8s, mode: 'standalone', size: 'dev', agentServer: { image: 'r.example/a:1', replicas: 0 } }, 'agentServer.replicas', />= 1/],
    ['a region of another cloud', { ...aws, region: 'europe-west1' }, 'region', /not an AWS region/],
    ['an unknown size', { ...k8s, size: 'huge' }, 'size', /dev \| small \| medium \| large/],
    ['an uppercase name', { ...k8s, name: 'Acme' }, 'name', /lowercase/],
    ['a Kubernetes version that is not a minor version', { ...aws, cluster: { version: '1.33.2' } }, 'cluster.version', /minor version/],
    ['a load balancer open to everyone', { ...k8s, hostname: 'ls.example.com', exposure: { type: 'load-balancer', sourceRanges: ['0.0.0.0/0'] } }, 'exposure.sourceRanges', /whole internet/],
    ['a misspelt field', { ...k8s, deletionProtecton: false }, 'deletionProtecton', /did you mean 'deletionProtection'/],
    ['a bad storage account name', { ...k8s, blobStorage: { engine: 'Azure', bucket: 'traces', azureStorageAccountName: 'Acme-Storage' } }, 'blobStorage.azureStorageAccountName', /3-24 lowercase letters and digits/],
  ];

  test.each(cases)('%s', (_what, entry, field, allowed) => {
    const e = error(() => validateDeployments({ deployments: [entry] }, 'test.yaml'));
    const message = e.message;
    expect(message).toContain('test.yaml: deployments[0]');
    expect(message).toContain(`field '${field}'`);
    expect(message).toMatch(allowed);
  });
});

describe('the policy on deployments written in YAML (issue 19.1)', () => {
  const oauth = `deployments:
${OAUTH_DEPLOYMENT_YAML}`;
  function findings(yaml: string) {
    const app = Testing.app();
    const stacks = buildApp(app, parseDeployments(yaml, 'deployments.yaml'));
    return LangSmithPolicy.evaluate(stacks.sso.app);
  }

  test('an OAuth deployment passes: the client id and issuer URL are public coordinates', () => {
    expect(findings(oauth).filter((f) => f.suppressedBecause === undefined && f.level === 'ERROR')).toEqual([]);
    expect(findings(oauth.replace('      clientSecret: true\n', '')).filter((f) => f.ruleId === 'LS-K8S-1')).toEqual([]);
  });

  test('a literal client secret in the same Secret is still refused (control)', () => {
    const app = Testing.app();
    const stacks = buildApp(app, parseDeployments(oauth, 'deployments.yaml'));
    const secret = stacks.sso.app.node.findAll().find((c) => (c as any).terraformResourceType === 'kubernetes_secret_v1' && c.node.id === 'AppSecret') as any;
    secret.addOverride('data.oauth_client_secret', 'plain-text-secret');
    const k8s1 = LangSmithPolicy.evaluate(stacks.sso.app).filter((f) => f.ruleId === 'LS-K8S-1');
    expect(k8s1.map((f) => f.reason)).toEqual(['literal value(s) in data.oauth_client_secret']);
  });
});
