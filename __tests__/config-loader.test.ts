import { ConfigurationError } from '../lib/core/errors';
import { loadDeployments, validateDeployments } from '../stacks/config';
import { writeDeploymentsFile } from './helpers';

const base = { name: 'acme-obs', mode: 'observability', cloud: 'kubernetes' };

/** The error message for a file with these deployments. */
function errorOf(deployments: unknown[]): string {
  try {
    validateDeployments({ deployments }, 'test.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('deployments file: defaults', () => {
  test('an entry with only the fixed fields gets every default', () => {
    const [d] = validateDeployments({ deployments: [base] });
    expect(d).toMatchObject({
      size: 'dev', namespace: 'langsmith', offline: false, deletionProtection: true,
      clickhouse: { type: 'in-cluster', port: 8443, nativePort: 9440, tls: true },
      telemetry: { metrics: true, traces: true, logs: true },
      egress: { staticIps: 1 },
      auth: { type: 'basic', clientSecret: false },
      kubernetes: { kubeconfigPath: '~/.kube/config' },
      network: { cidr: '10.0.0.0/16' },
      cluster: { apiAllowedCidrs: [] },
      backend: { type: 'local' },
      images: { pullSecrets: [] },
    });
  });

  test('staticIps defaults to 2 outside dev and langsmith-managed ClickHouse defaults to private-link', () => {
    const [d] = validateDeployments({ deployments: [{ ...base, size: 'small', postgres: { host: 'pg.example' }, redis: { host: 'redis.example' } }] });
    expect(d.egress.staticIps).toBe(2);
    const [m] = validateDeployments({ deployments: [{ ...base, cloud: 'kubernetes', clickhouse: { type: 'langsmith-managed', connectivity: 'public', host: 'x.aws.clickhouse.cloud' }, blobStorage: { engine: 'S3', bucket: 'b-1' } }] });
    expect(m.clickhouse.connectivity).toBe('public');
  });

  test('agent server replicas default per size', () => {
    const [d] = validateDeployments({ deployments: [{ ...base, mode: 'standalone', agentServer: { image: 'r.example/agent:1' } }] });
    expect(d.agentServer!.replicas).toBe(1);
  });
});

describe('deployments file: refusals name the deployment, the field, the value and what is allowed', () => {
  test('wrong enum', () => {
    const m = errorOf([{ ...base, mode: 'observe' }]);
    expect(m).toContain('deployments[0] (acme-obs)');
    expect(m).toContain("field 'mode'");
    expect(m).toContain('"observe"');
    expect(m).toContain('observability | full-platform | standalone');
  });

  test('wrong enum in a nested field', () => {
    const m = errorOf([{ ...base, clickhouse: { type: 'managed' } }]);
    expect(m).toContain("field 'clickhouse.type' has value \"managed\"");
    expect(m).toContain('in-cluster | external | langsmith-managed');
  });

  test('wrong type', () => {
    const m = errorOf([{ ...base, egress: { staticIps: 'two' } }]);
    expect(m).toContain("field 'egress.staticIps' has value \"two\"");
    expect(m).toContain('allowed: a number');
    expect(errorOf([{ ...base, offline: 'yes' }])).toContain("field 'offline' has value \"yes\"; allowed: true or false");
  });

  test('unknown field with a did-you-mean hint', () => {
    const m = errorOf([{ ...base, hostnmae: 'a.example.com' }]);
    expect(m).toContain("field 'hostnmae'");
    expect(m).toContain("did you mean 'hostname'?");
    const n = errorOf([{ ...base, clickhouse: { typ: 'external' } }]);
    expect(n).toContain("field 'clickhouse.typ'");
    expect(n).toContain("did you mean 'type'?");
  });

  test('unknown field far from any name lists the allowed fields', () => {
    const m = errorOf([{ ...base, zzzzzzzz: 1 }]);
    expect(m).toContain("field 'zzzzzzzz' is set (value not shown); unknown field.");
    expect(m).not.toContain('did you mean');
    expect(m).toContain('Allowed fields here:');
  });

  test('missing required fields', () => {
    const m = errorOf([{ name: 'x1', cloud: 'kubernetes' }]);
    expect(m).toContain("deployments[0] (x1): field 'mode' is missing");
    expect(errorOf([{ mode: 'observability', cloud: 'kubernetes' }])).toContain("field 'name' is missing");
  });

  test('duplicate names', () => {
    const m = errorOf([base, base]);
    expect(m).toContain("deployments[1] (acme-obs): field 'name' has value \"acme-obs\"; duplicates deployments[0]");
  });

  test('bad names', () => {
    expect(errorOf([{ ...base, name: 'Acme_Obs' }])).toContain("field 'name' has value \"Acme_Obs\"; allowed: lowercase letters, digits and -");
    expect(errorOf([{ ...base, name: 'a'.repeat(30) }])).toContain("field 'name'");
  });

  test('several problems are all reported at once', () => {
    const m = errorOf([{ ...base, mode: 'x' }, { ...base, name: 'b2', size: 'huge' }]);
    expect(m).toMatch(/^2 problems in test.yaml/);
    expect(m).toContain("deployments[0] (acme-obs): field 'mode'");
    expect(m).toContain("deployments[1] (b2): field 'size' has value \"huge\"; allowed: dev | small | medium | large");
  });

  test('an empty list is refused', () => {
    expect(errorOf([])).toContain("field 'deployments' has value []; allowed: at least one deployment");
  });

  test('region is required for clouds, checked against the cloud, and refused on kubernetes', () => {
    expect(errorOf([{ ...base, region: 'us-west-2' }])).toContain("field 'region' has value \"us-west-2\"; a cloud region has no meaning for cloud: kubernetes");
  });

  test('project only for gcp', () => {
    expect(errorOf([{ ...base, project: 'acme-prod-123' }])).toContain("field 'project' has value \"acme-prod-123\"; only for cloud: gcp");
  });

  test('standalone needs agentServer and refuses ClickHouse', () => {
    expect(errorOf([{ ...base, mode: 'standalone' }])).toContain("field 'agentServer' is missing; required for mode: standalone");
    expect(errorOf([{ ...base, mode: 'standalone', agentServer: { image: 'registry.example/b:1' }, clickhouse: { type: 'external', host: 'ch' } }])).toContain('mode: standalone deploys no ClickHouse');
    expect(errorOf([{ ...base, agentServer: { image: 'registry.example/b:1' } }])).toContain("field 'agentServer' has value \"{...}\"; only for mode: standalone");
  });

  test('standalone refuses a gateway (the agent server is exposed by ingress, load balancer or ClusterIP)', () => {
    expect(errorOf([{ ...base, mode: 'standalone', hostname: 'a.example.com', agentServer: { image: 'registry.example/b:1' }, exposure: { type: 'gateway', gatewayName: 'g', gatewayNamespace: 'n' } }])).toContain("field 'exposure.type' has value \"gateway\"; mode: standalone is exposed by ingress, load balancer or ClusterIP");
  });

  test('agent servers never scale to zero', () => {
    const m = errorOf([{ ...base, mode: 'standalone', agentServer: { image: 'registry.example/b:1', replicas: 0 } }]);
    expect(m).toContain("field 'agentServer.replicas' has value 0");
    expect(m).toContain('never scale to zero');
    const a = errorOf([{ ...base, mode: 'standalone', agentServer: { image: 'registry.example/b:1', autoscaling: { minReplicas: 0, maxReplicas: 3 } } }]);
    expect(a).toContain("field 'agentServer.autoscaling.minReplicas' has value 0");
    expect(a).toContain('scale-to-zero loses');
    expect(errorOf([{ ...base, mode: 'standalone', agentServer: { image: 'registry.example/b:1', autoscaling: { minReplicas: 3, maxReplicas: 2 } } }])).toContain("field 'agentServer.autoscaling.maxReplicas' has value 2; allowed: an integer >= minReplicas (3)");
  });

  test('full-platform needs a hostname and an ingress or gateway', () => {
    expect(errorOf([{ ...base, mode: 'full-platform' }])).toContain("field 'hostname' is missing; required for mode: full-platform");
    expect(errorOf([{ ...base, mode: 'full-platform', hostname: 'ls.example.com', exposure: { type: 'cluster-ip' } }])).toContain("field 'exposure.type' has value \"cluster-ip\"; mode: full-platform needs an ingress or a gateway");
  });

  test('ClickHouse: host required, private-link needs a cloud and an endpoint service, public refuses one', () => {
    expect(errorOf([{ ...base, clickhouse: { type: 'external' } }])).toContain("field 'clickhouse.host' is missing; required for clickhouse.type: external");
    expect(errorOf([{ ...base, clickhouse: { type: 'in-cluster', host: 'x' } }])).toContain("field 'clickhouse.host' has value \"x\"; only for clickhouse.type external or langsmith-managed");
    expect(errorOf([{ ...base, clickhouse: { type: 'langsmith-managed', host: 'x.clickhouse.cloud' }, blobStorage: { engine: 'S3', bucket: 'bkt' } }])).toContain("field 'clickhouse.connectivity' has value \"private-link\"; private-link needs a cloud network");
    expect(errorOf([{ ...base, clickhouse: { type: 'langsmith-managed', connectivity: 'public', host: 'x', endpointService: 'svc' }, blobStorage: { engine: 'S3', bucket: 'bkt' } }])).toContain("field 'clickhouse.endpointService' has value \"svc\"; only for connectivity: private-link");
    expect(errorOf([{ ...base, clickhouse: { type: 'external', host: 'x', connectivity: 'public' } }])).toContain("field 'clickhouse.connectivity' has value \"public\"; only for clickhouse.type: langsmith-managed");
    expect(errorOf([{ ...base, clickhouse: { type: 'langsmith-managed', connectivity: 'sideways', host: 'x' } }])).toContain('allowed: private-link | public');
  });

  test('LangSmith-managed ClickHouse needs blob storage', () => {
    expect(errorOf([{ ...base, clickhouse: { type: 'langsmith-managed', connectivity: 'public', host: 'x.clickhouse.cloud' } }])).toContain("field 'blobStorage' is missing; LangSmith-managed ClickHouse (clickhouse.external.hybrid) requires blob storage");
  });

  test('oauth needs client id, issuer and hostname; basic refuses oauth fields', () => {
    const m = errorOf([{ ...base, auth: { type: 'oauth' } }]);
    expect(m).toContain("field 'auth.clientId' is missing");
    expect(m).toContain("field 'auth.issuerUrl' is missing");
    expect(m).toContain("field 'hostname' is missing; required for auth.type: oauth");
    expect(errorOf([{ ...base, auth: { clientId: 'abc' } }])).toContain("field 'auth.clientId' has value \"abc\"; only for auth.type: oauth");
  });

  test('exposure rules', () => {
    expect(errorOf([{ ...base, exposure: { type: 'ingress' } }])).toContain("field 'hostname' is missing; required for exposure.type: ingress");
    expect(errorOf([{ ...base, exposure: { type: 'load-balancer' } }])).toContain("field 'exposure.sourceRanges' is missing; required for exposure.type: load-balancer");
    expect(errorOf([{ ...base, exposure: { type: 'load-balancer', sourceRanges: ['0.0.0.0/0'] } }])).toContain("field 'exposure.sourceRanges' has value \"0.0.0.0/0\"; allowed: specific CIDRs");
    expect(errorOf([{ ...base, hostname: 'a.example.com', exposure: { type: 'gateway' } }])).toContain("field 'exposure.gatewayName' is missing");
  });

  test('network CIDR must be private and sized; API allow-list never 0.0.0.0/0', () => {
    expect(errorOf([{ ...base, network: { cidr: '8.8.0.0/16' } }])).toContain("field 'network.cidr' has value \"8.8.0.0/16\"; allowed: a private range");
    expect(errorOf([{ ...base, network: { cidr: '10.0.0.0/24' } }])).toContain('allowed: a prefix from /8 to /20');
    expect(errorOf([{ ...base, network: { cidr: 'ten' } }])).toContain("field 'network.cidr' has value \"ten\"; allowed: an IPv4 CIDR");
    expect(errorOf([{ ...base, cluster: { apiAllowedCidrs: ['0.0.0.0/0'] } }])).toContain("field 'cluster.apiAllowedCidrs' has value \"0.0.0.0/0\"");
  });

  test('external stores: only on kubernetes; required outside dev in every mode (the in-cluster ones are single pods)', () => {
    for (const mode of [{ mode: 'full-platform', hostname: 'a.example.com' }, { mode: 'standalone', agentServer: { image: 'r.example/b:1' } }, { mode: 'observability' }]) {
      const m = errorOf([{ ...base, ...mode, size: 'small' }]);
      expect(m).toContain("field 'postgres' is missing; required for cloud: kubernetes outside size dev (this deployment is size small)");
      expect(m).toContain("field 'redis' is missing; required for cloud: kubernetes outside size dev");
    }
    expect(errorOf([{ ...base, size: 'medium', postgres: { host: 'pg.example' } }])).toMatch(/^test\.yaml: deployments\[0\] \(acme-obs\): field 'redis' is missing; .*allowed: \{ host, \.\.\. \} of a managed Redis, or size: dev$/);
  });

  test('backend type is checked', () => {
    expect(errorOf([{ ...base, backend: { type: 'ftp' } }])).toContain("field 'backend.type' has value \"ftp\"; allowed: local | s3 | gcs | azurerm | remote");
    expect(errorOf([{ ...base, backend: { type: 's3' } }])).toContain("field 'backend.bucket' is missing");
  });

  test('a backend block with only a directory is the default local backend (backend.type defaults to local)', () => {
    const [d] = validateDeployments({ deployments: [{ ...base, backend: { directory: '/srv/langsmith-state' } }] });
    expect(d.backend).toEqual({ type: 'local', directory: '/srv/langsmith-state' });
    // Forgetting `type: s3` names `type` among the allowed fields.
    expect(errorOf([{ ...base, backend: { bucket: 'acme-state' } }])).toBe("test.yaml: deployments[0] (acme-obs): field 'backend.bucket' is set (value not shown); unknown field. Allowed fields here: type, directory");
  });

  test("an unknown backend field lists the fields of that backend type, with a hint (not an empty list)", () => {
    expect(errorOf([{ ...base, backend: { type: 'local', bucket: 'state' } }])).toBe("test.yaml: deployments[0] (acme-obs): field 'backend.bucket' is set (value not shown); unknown field. Allowed fields here: type, directory");
    expect(errorOf([{ ...base, backend: { type: 's3', bucket: 'acme-state', region: 'us-east-1', kmsKeyID: 'alias/state' } }])).toBe("test.yaml: deployments[0] (acme-obs): field 'backend.kmsKeyID' is set (value not shown); unknown field; did you mean 'kmsKeyId'? Allowed fields here: type, bucket, region, keyPrefix, kmsKeyId, dynamodbTable");
  });

  test("a top-level key (a license pasted at the top) does not hide the entries' own problems", () => {
    let message = '';
    try {
      validateDeployments({ licenseKey: 'lic-SECRET', deployments: [{ ...base, mode: 'observabilty' }] }, 'f.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("f.yaml: field 'licenseKey' is set (value not shown)");
    expect(message).toContain("deployments[0] (acme-obs): field 'mode' has value \"observabilty\"");
    expect(message).not.toContain('SECRET');
  });

  test('a top-level key other than deployments is refused', () => {
    expect(() => validateDeployments({ deployments: [base], deploymnets: [] }, 'f.yaml')).toThrow("f.yaml: field 'deploymnets' is set (value not shown); unknown field; did you mean 'deployments'?");
  });
});

describe('deployments file: reading', () => {
  test('a missing file', () => {
    expect(() => loadDeployments('/nonexistent/deployments.yaml')).toThrow("/nonexistent/deployments.yaml: the deployments file does not exist; set LANGSMITH_DEPLOYMENTS");
  });

  test('broken YAML names the line', () => {
    const path = writeDeploymentsFile('deployments:\n  - name: a\n    mode: [observability\n', true);
    expect(() => loadDeployments(path)).toThrow(/deployments\.yaml:\d+:\d+: not valid YAML: /);
  });

  test('duplicate keys in YAML are refused', () => {
    const path = writeDeploymentsFile('deployments:\n  - name: a1\n    name: a2\n    mode: observability\n    cloud: kubernetes\n', true);
    expect(() => loadDeployments(path)).toThrow(/not valid YAML: Map keys must be unique/);
  });

  test('a file that is not a mapping', () => {
    const path = writeDeploymentsFile('- just\n- a list\n', true);
    expect(() => loadDeployments(path)).toThrow("allowed: a YAML mapping with a `deployments:` list");
    expect(() => loadDeployments(writeDeploymentsFile('', true))).toThrow("the file holds nothing; allowed: a YAML mapping");
  });

  test('a valid file loads', () => {
    const path = writeDeploymentsFile({ deployments: [base] });
    expect(loadDeployments(path).map((d) => d.name)).toEqual(['acme-obs']);
  });
});

describe('deployments file: cloud facts', () => {
  const aws = { name: 'acme', mode: 'observability', cloud: 'aws', region: 'us-west-2' };
  test('a Kubernetes version the clouds do not offer is refused, with a hint', () => {
    expect(errorOf([{ ...aws, cluster: { version: '1.20' } }])).toContain("field 'cluster.version' has value \"1.20\"; not a Kubernetes minor aws offers");
    expect(errorOf([{ ...aws, cluster: { version: '1.99' } }])).toContain('Allowed: 1.30');
    expect(() => validateDeployments({ deployments: [{ ...aws, cluster: { version: '1.34' } }] })).not.toThrow();
  });

  test('GCS bucket names follow Google\'s rules; private services access needs a private range', () => {
    const gcp = { name: 'acme', mode: 'observability', cloud: 'gcp', region: 'us-east1', project: 'acme-prod-123' };
    expect(errorOf([{ ...gcp, gcp: { bucketName: 'google-traces' } }])).toContain("field 'gcp.bucketName' has value \"google-traces\"; GCS bucket names cannot start with \"goog\"");
    expect(errorOf([{ ...gcp, gcp: { servicesAccessCidr: '8.8.8.0/24' } }])).toContain("field 'gcp.servicesAccessCidr' has value \"8.8.8.0/24\"; allowed: a private range");
  });
});

/** The message a YAML text gets from the loader, as `npm run synth` reads it. */
function yamlError(text: string): string {
  try {
    loadDeployments(writeDeploymentsFile(text, true));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

const k8s = 'deployments:\n  - name: acme\n    mode: observability\n    cloud: kubernetes\n';

describe('deployments file: secrets in the wrong place are never printed back (issue 19.5)', () => {
  test('a string in auth.clientSecret: hidden, and the message names TF_VAR_oauth_client_secret', () => {
    const m = yamlError(`${k8s}    hostname: l.example.com\n    auth:\n      type: oauth\n      clientId: abc\n      issuerUrl: https://idp.example.com\n      clientSecret: s3cr3t-Value-42\n`);
    expect(m).not.toContain('s3cr3t-Value-42');
    expect(m).toContain("field 'auth.clientSecret' is set (value not shown); allowed: true or false (true: the stacks read the client secret from TF_VAR_oauth_client_secret)");
  });

  test('a misplaced licenseKey, postgres.password, redis.password: hidden, each pointing at its variable', () => {
    const m = yamlError(`${k8s}    licenseKey: lic-123456-secret\n    size: small\n    postgres:\n      host: pg.example\n      password: pg-pass-987\n    redis:\n      host: r.example\n      password: redis-pass-654\n    clickhouse:\n      password: ch-pass-321\n`);
    for (const secret of ['lic-123456-secret', 'pg-pass-987', 'redis-pass-654', 'ch-pass-321']) expect(m).not.toContain(secret);
    expect(m).toContain("field 'licenseKey' is set (value not shown); unknown field; secrets never go in the deployments file (it is committed and printed); set TF_VAR_langsmith_license_key");
    expect(m).toContain("field 'postgres.password' is set (value not shown); unknown field; secrets never go in the deployments file (it is committed and printed); set TF_VAR_postgres_password");
    expect(m).toContain('set TF_VAR_redis_password');
    expect(m).toContain('set TF_VAR_clickhouse_password');
  });

  test('no unknown field has its value printed, secret-looking or not', () => {
    const m = yamlError(`${k8s}    hostnmae: private-value.example.com\n`);
    expect(m).not.toContain('private-value');
    expect(m).toContain("did you mean 'hostname'?");
  });

  test('a YAML error on a secret-looking line quotes the line with the value masked', () => {
    const m = yamlError(`${k8s}    licenseKey: "abc-secret-xyz\n    size: dev\n`);
    expect(m).not.toContain('abc-secret-xyz');
  });

  test('a secret nested in a value of the wrong type is not printed either', () => {
    const m = yamlError(`${k8s}    tags:\n      - password: nested-secret-77\n`);
    expect(m).toContain("field 'tags' has value [{\"password\":\"<not shown>\"}]; allowed: a map of strings");
    expect(m).not.toContain('nested-secret-77');
  });

  test('fields that only name a secret keep their values in messages', () => {
    expect(yamlError(`${k8s}    exposure:\n      tlsSecretName: Bad_Name\n`)).toContain('"Bad_Name"');
  });
});

describe('deployments file: one pass, worded for people (issue 19.6)', () => {
  test('a type error does not hide the other problems of the entry or of other entries', () => {
    const m = yamlError(`${k8s}    size: small\n    offline: yes please\n    region: us-east-1\n    agentServer:\n      image: agent\n  - name: acme2\n    mode: observability\n    cloud: aws\n`);
    expect(m).toMatch(/^\d+ problems in /);
    expect(m).toContain("deployments[0] (acme): field 'offline' has value \"yes please\"; allowed: true or false");
    expect(m).toContain("deployments[0] (acme): field 'region' has value \"us-east-1\"; a cloud region has no meaning for cloud: kubernetes");
    expect(m).toContain("deployments[0] (acme): field 'agentServer' has value \"{...}\"; only for mode: standalone");
    expect(m).toContain("deployments[0] (acme): field 'postgres' is missing");
    expect(m).toContain("deployments[1] (acme2): field 'region' is missing; required for cloud: aws; allowed: an AWS region such as");
  });

  test('a refused field is reported once, not again by the cross-field rules', () => {
    const m = yamlError(`${k8s}    cloud: aws\n`.replace('    cloud: kubernetes\n', '') + '    region: 42\n');
    expect(m).toContain("field 'region' has value 42; allowed: a string");
    expect(m).not.toContain("field 'region' is missing");
  });

  test('types are named the way YAML writers know them', () => {
    expect(yamlError(`${k8s}    cluster:\n      apiAllowedCidrs: 10.0.0.0/8\n`)).toContain("field 'cluster.apiAllowedCidrs' has value \"10.0.0.0/8\"; allowed: a list");
    expect(yamlError(`${k8s}    telemetry: off\n`)).toContain('allowed: a mapping of fields (key: value lines)');
    const m = yamlError(`${k8s}    cloud: aws\n`.replace('    cloud: kubernetes\n', ''));
    expect(m).toContain('allowed: an AWS region');
    expect(m).not.toMatch(/\ba aws\b|\ba array\b|\ba object\b/);
  });

  test('an uppercase hostname is refused saying why and what to write', () => {
    expect(yamlError(`${k8s}    hostname: LangSmith.Acme.example\n`)).toContain('write it in lowercase ("langsmith.acme.example")');
  });

  test('a YAML error shows the line, the column and a caret, and no (YAML) field', () => {
    const m = yamlError(`${k8s}    size: [dev\n`);
    expect(m).toMatch(/deployments\.yaml:\d+:\d+: not valid YAML: .+\n {4}.*size: \[dev.*\n {4}\s*\^/);
    expect(m).not.toContain('(YAML)');
    expect(m).not.toContain('is missing');
  });
});

describe('deployments file: cross-field checks name the field (issue 19.7)', () => {
  const aws = 'deployments:\n  - name: acme\n    mode: observability\n    cloud: aws\n    region: us-west-2\n';
  test('an ACM certificate or KMS key from another region', () => {
    const m = yamlError(`${aws}    hostname: l.example.com\n    aws:\n      certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef\n      kmsKeyArn: arn:aws:kms:eu-west-1:123456789012:key/abc\n`);
    expect(m).toContain("field 'aws.certificateArn' has value \"arn:aws:acm:us-east-1:");
    expect(m).toContain('the certificate is in us-east-1 and the deployment in us-west-2');
    expect(m).toContain("field 'aws.kmsKeyArn'");
    expect(m).toContain('allowed: a KMS key ARN in us-west-2');
  });

  test('a ClickHouse endpoint service from another region, on each cloud', () => {
    const ch = (svc: string) => `    clickhouse:\n      type: langsmith-managed\n      host: x.clickhouse.cloud\n      endpointService: ${svc}\n`;
    expect(yamlError(aws + ch('com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0'))).toContain("field 'clickhouse.endpointService' has value \"com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0\"; the endpoint service is in us-east-1 and the deployment in us-west-2");
    const gcp = 'deployments:\n  - name: acme\n    mode: observability\n    cloud: gcp\n    region: us-east1\n    project: acme-prod-123\n';
    expect(yamlError(gcp + ch('projects/p/regions/europe-west4/serviceAttachments/ch'))).toContain('the endpoint service is in europe-west4 and the deployment in us-east1');
    const azure = 'deployments:\n  - name: acme\n    mode: observability\n    cloud: azure\n    region: eastus2\n';
    expect(yamlError(azure + ch('ch-pls.0123abcd-0000-1111-2222-333344445555.westeurope.azure.privatelinkservice'))).toContain('the endpoint service is in westeurope and the deployment in eastus2');
    // Same region passes.
    expect(validateDeployments({ deployments: [{ name: 'ab', mode: 'observability', cloud: 'aws', region: 'us-west-2', clickhouse: { type: 'langsmith-managed', host: 'x.clickhouse.cloud', endpointService: 'com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0' } }] })).toHaveLength(1);
  });

  test('an agent image without a registry or a tag', () => {
    const sa = (image: string) => `deployments:\n  - name: agent\n    mode: standalone\n    cloud: kubernetes\n    agentServer:\n      image: ${image}\n`;
    expect(yamlError(sa('my-agent'))).toContain("field 'agentServer.image' has value \"my-agent\"; no registry and no tag");
    expect(yamlError(sa('acme/agent:1.0'))).toContain('no registry host (it would be pulled from Docker Hub)');
    expect(yamlError(sa('registry.example.com/acme/agent'))).toContain('no tag or digest');
    for (const ok of ['registry.example.com/acme/agent:1.0', 'localhost:5000/agent:dev', 'ghcr.io/acme/agent@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']) {
      expect(validateDeployments({ deployments: [{ name: 'agent', mode: 'standalone', cloud: 'kubernetes', agentServer: { image: ok } }] })).toHaveLength(1);
    }
  });

  test('clickhouse.approved is only for LangSmith-managed ClickHouse', () => {
    expect(yamlError(`${k8s}    clickhouse:\n      approved: true\n`)).toContain("field 'clickhouse.approved' has value true; only for clickhouse.type: langsmith-managed");
  });
});

describe('deployments file: an existing network is a config rule of the loader (issue 20.5)', () => {
  const aws = { name: 'aa', mode: 'observability', cloud: 'aws', region: 'us-west-2' };
  const gcp = { name: 'gg', mode: 'observability', cloud: 'gcp', region: 'us-east1', project: 'acme-prod-123' };
  const azure = { name: 'zz', mode: 'observability', cloud: 'azure', region: 'eastus2' };
  test('subnets without a network id, a network id without its subnets and public subnets off AWS: one pass, before anything is built', () => {
    const m = errorOf([
      { ...aws, network: { existingPublicSubnetIds: ['subnet-1'] } },
      { ...gcp, network: { existingSubnetIds: ['nodes'] } },
      { ...azure, network: { existingNetworkId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v', existingSubnetIds: ['a'], existingPublicSubnetIds: ['p'] } },
    ]);
    expect(m).toContain("deployments[0] (aa): field 'network.existingPublicSubnetIds' has value [\"subnet-1\"]; only with network.existingNetworkId (the VPC id of those subnets)");
    expect(m).toContain("deployments[1] (gg): field 'network.existingNetworkId' is missing; required with network.existingSubnetIds; allowed: the VPC network name or path");
    expect(m).toContain("deployments[2] (zz): field 'network.existingSubnetIds' has value [\"a\"]; required with network.existingNetworkId on cloud: azure; allowed: exactly three subnet ids");
    expect(m).toContain("deployments[2] (zz): field 'network.existingPublicSubnetIds' has value [\"p\"]; only for cloud: aws; remove it");
  });
});

describe('deployments file: the default exposure is resolved once, by the loader (issue 20.5)', () => {
  test('exposure.type as written, else ingress with a hostname, else cluster-ip: every consumer reads the loaded type', () => {
    const [withHost, without, written] = validateDeployments({ deployments: [
      { ...base, name: 'with-host', hostname: 'ls.example.com' },
      { ...base, name: 'without' },
      { ...base, name: 'written', hostname: 'ls.example.com', exposure: { type: 'load-balancer', sourceRanges: ['10.0.0.0/8'] } },
    ] }, 'test.yaml');
    expect([withHost.exposure.type, without.exposure.type, written.exposure.type]).toEqual(['ingress', 'cluster-ip', 'load-balancer']);
  });

  test('the rules about exposure.type still read the file as written: no type is reported that the user did not write', () => {
    const m = errorOf([{ ...base, mode: 'full-platform' }]);
    expect(m).not.toContain("field 'exposure.type'");
  });
});

describe('deployments file: NAT, AKS outbound type and the proxy-only range are config rules of the loader (issue 20.5)', () => {
  const gcp = { name: 'gg', mode: 'observability', cloud: 'gcp', region: 'us-east1', project: 'acme-prod-123' };
  const azure = { name: 'zz', mode: 'observability', cloud: 'azure', region: 'eastus2' };
  const hostname = 'langsmith.acme.example';
  const gcpNetwork = { existingNetworkId: 'shared-vpc', existingSubnetIds: ['gke-subnet'] };
  const vnet = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub';
  const azureNetwork = { existingNetworkId: vnet, existingSubnetIds: [`${vnet}/subnets/aks`, `${vnet}/subnets/pg`, `${vnet}/subnets/pe`] };
  const publicClickHouse = (host: string) => ({ type: 'langsmith-managed', connectivity: 'public', host });

  test('every such problem of the file in one pass, before anything is built, with the file, deployment, field, value and what is allowed', () => {
    const m = errorOf([
      { ...gcp, name: 'g-nat', clickhouse: publicClickHouse('abc.us-east1.gcp.clickhouse.cloud'), gcp: { nat: false } },
      { ...gcp, name: 'g-created', hostname, gcp: { proxyOnlyCidr: '10.129.0.0/23' } },
      { ...gcp, name: 'g-external', hostname, network: gcpNetwork, gcp: { ingress: 'external', proxyOnlyCidr: '10.129.0.0/23' } },
      { ...gcp, name: 'g-small', hostname, network: gcpNetwork, gcp: { proxyOnlyCidr: '10.129.0.0/27' } },
      { ...azure, name: 'z-nat', clickhouse: publicClickHouse('abc.eastus2.azure.clickhouse.cloud'), azure: { nat: false } },
      { ...azure, name: 'z-vnet', network: azureNetwork, clickhouse: publicClickHouse('abc.eastus2.azure.clickhouse.cloud') },
      { ...azure, name: 'z-lb', azure: { outboundType: 'loadBalancer' } },
      { ...azure, name: 'z-natgw', azure: { nat: false, outboundType: 'userAssignedNATGateway' } },
      { ...azure, name: 'z-udr', azure: { outboundType: 'userDefinedRouting' } },
      { name: 'last', mode: 'observe', cloud: 'kubernetes' },
    ]);
    expect(m).toMatch(/^10 problems in test\.yaml:/);
    expect(m).toContain("test.yaml: deployments[0] (g-nat): field 'gcp.nat' has value false; ClickHouse over its public endpoint needs static NAT IPs for its allow-list; allowed: true, or clickhouse.connectivity: private-link");
    expect(m).toContain("test.yaml: deployments[1] (g-created): field 'gcp.proxyOnlyCidr' has value \"10.129.0.0/23\"; only with network.existingNetworkId and gcp.ingress: internal (a created network gets its own proxy-only subnetwork and rule); remove it");
    expect(m).toContain("test.yaml: deployments[2] (g-external): field 'gcp.proxyOnlyCidr' has value \"10.129.0.0/23\"; only with network.existingNetworkId and gcp.ingress: internal");
    // Also an invariant of GcpLangSmithFoundation (ingress.proxyOnlyCidr): the loader says it first.
    expect(m).toContain("test.yaml: deployments[3] (g-small): field 'gcp.proxyOnlyCidr' has value \"10.129.0.0/27\"; allowed: a private IPv4 CIDR of /26 or larger such as 10.129.0.0/23");
    expect(m).toContain("test.yaml: deployments[4] (z-nat): field 'azure.nat' has value false; ClickHouse over its public endpoint needs static NAT IPs for its allow-list; allowed: true, or clickhouse.connectivity: private-link");
    expect(m).toContain("test.yaml: deployments[5] (z-vnet): field 'azure.nat' is missing; ClickHouse over its public endpoint needs static NAT IPs for its allow-list, and an existing VNet (network.existingNetworkId) gets a NAT gateway only with azure.nat: true; allowed: true");
    // Also invariants of AzureLangSmithFoundation (outboundType): the loader says them first.
    expect(m).toContain("test.yaml: deployments[6] (z-lb): field 'azure.outboundType' has value \"loadBalancer\"; with a NAT gateway (azure.nat) AKS egresses through it; allowed: userAssignedNATGateway, or azure.nat: false");
    expect(m).toContain("test.yaml: deployments[7] (z-natgw): field 'azure.outboundType' has value \"userAssignedNATGateway\"; needs a NAT gateway on the node subnet, and azure.nat: false creates none in a created VNet; allowed: loadBalancer, or azure.nat: true");
    // One problem per field: userDefinedRouting in a created VNet is the route-table rule only.
    expect(m).toContain("test.yaml: deployments[8] (z-udr): field 'azure.outboundType' has value \"userDefinedRouting\"; needs a route table");
    expect(m.match(/deployments\[8\]/g)).toHaveLength(1);
    expect(m).toContain("test.yaml: deployments[9] (last): field 'mode' has value \"observe\"");
  });

  test('what the rules allow loads', () => {
    const ok = validateDeployments({
      deployments: [
        { ...gcp, name: 'g-proxy', hostname, network: gcpNetwork, gcp: { proxyOnlyCidr: '10.129.0.0/26' } },
        { ...gcp, name: 'g-public', clickhouse: publicClickHouse('abc.us-east1.gcp.clickhouse.cloud') },
        { ...azure, name: 'z-vnet-nat', network: azureNetwork, clickhouse: publicClickHouse('abc.eastus2.azure.clickhouse.cloud'), azure: { nat: true } },
        { ...azure, name: 'z-lb', azure: { nat: false, outboundType: 'loadBalancer' } },
        // A brought node subnet may carry its own NAT gateway.
        { ...azure, name: 'z-vnet-natgw', network: azureNetwork, azure: { outboundType: 'userAssignedNATGateway' } },
      ],
    }, 'test.yaml');
    expect(ok.map((d) => d.name)).toEqual(['g-proxy', 'g-public', 'z-vnet-nat', 'z-lb', 'z-vnet-natgw']);
  });
});

describe('deployments file: construct invariants a file can reach are said by the loader first (issue 20.5)', () => {
  const aws = { name: 'aa', mode: 'observability', cloud: 'aws', region: 'us-west-2' };
  const azure = { name: 'zz', mode: 'observability', cloud: 'azure', region: 'eastus2' };
  const vpc = { existingNetworkId: 'vpc-0123456789abcdef0', existingSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'] };
  test('AWS network and ALB subnets, AKS overlay ranges: in one pass with the rest of the file', () => {
    const m = errorOf([
      { ...aws, name: 'a-wide', network: { cidr: '10.0.0.0/12' } },
      { ...aws, name: 'a-one', network: { ...vpc, existingSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1'] } },
      { ...aws, name: 'a-alb', hostname: 'ls.acme.example', network: vpc, aws: { albScheme: 'internet-facing', albInboundCidrs: ['203.0.113.0/24'] } },
      { ...azure, name: 'z-pods', azure: { podCidr: '10.244.0.0/26', serviceCidr: '8.8.0.0/16' } },
      { ...azure, name: 'z-vnet', network: { cidr: '172.16.0.0/16' } },
      { ...azure, name: 'z-same', azure: { podCidr: '10.50.0.0/16', serviceCidr: '10.50.0.0/16' } },
    ]);
    expect(m).toMatch(/^7 problems in test\.yaml:/);
    expect(m).toContain("deployments[0] (a-wide): field 'network.cidr' has value \"10.0.0.0/12\"; allowed on cloud: aws: a prefix from /16 to /20");
    expect(m).toContain("deployments[1] (a-one): field 'network.existingSubnetIds' has value [\"subnet-0aaaaaaaaaaaaaaa1\"]; allowed: >= 2 private subnet ids");
    expect(m).toContain("deployments[2] (a-alb): field 'network.existingPublicSubnetIds' is missing; required for aws.albScheme: internet-facing in an existing VPC");
    expect(m).toContain("deployments[3] (z-pods): field 'azure.podCidr' has value \"10.244.0.0/26\"; allowed: a private IPv4 CIDR of /24 or larger such as 10.244.0.0/16");
    expect(m).toContain("deployments[3] (z-pods): field 'azure.serviceCidr' has value \"8.8.0.0/16\"; allowed: a private IPv4 CIDR of /24 or larger such as 172.16.0.0/16");
    expect(m).toContain("deployments[4] (z-vnet): field 'azure.serviceCidr' is missing; the default 172.16.0.0/16 overlaps network.cidr (172.16.0.0/16); allowed: azure.serviceCidr with a private range that overlaps neither the VNet nor the other overlay range, or another network.cidr");
    expect(m).toContain("deployments[5] (z-same): field 'azure.serviceCidr' has value \"10.50.0.0/16\"; the range overlaps the pod range (10.50.0.0/16)");
  });

  test('what they allow loads: a brought VPC ignores network.cidr; an existing VNet is not compared with network.cidr', () => {
    const vnet = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub';
    expect(validateDeployments({
      deployments: [
        { ...aws, name: 'a-byo', network: { ...vpc, cidr: '10.0.0.0/12' } },
        { ...aws, name: 'a-pub', hostname: 'ls.acme.example', network: { ...vpc, existingPublicSubnetIds: ['subnet-0ccccccccccccccc1'] }, aws: { albScheme: 'internet-facing', albInboundCidrs: ['203.0.113.0/24'] } },
        { ...azure, name: 'z-byo', network: { cidr: '172.16.0.0/16', existingNetworkId: vnet, existingSubnetIds: [`${vnet}/subnets/a`, `${vnet}/subnets/b`, `${vnet}/subnets/c`] } },
        { ...azure, name: 'z-moved', network: { cidr: '172.16.0.0/16' }, azure: { serviceCidr: '10.96.0.0/16' } },
      ],
    }, 'test.yaml')).toHaveLength(4);
  });
});

describe('deployments file: odd input still gets a sentence, never a crash', () => {
  test.each([
    ['deployments: [null]', 'deployments[0]: the entry has value null; allowed: a mapping of fields (key: value lines) such as name, mode and cloud'],
    ['deployments: {a: 1}', "field 'deployments' has value {\"a\":1}; allowed: a list"],
    ['deployments:', "field 'deployments' has value null; allowed: a list"],
    ['a: 1\n---\nb: 2', 'not valid YAML: Source contains multiple documents'],
    ['\t- tab', 'not valid YAML: Tabs are not allowed as indentation'],
  ])('%j', (text, message) => {
    expect(yamlError(text)).toContain(message);
  });
});
