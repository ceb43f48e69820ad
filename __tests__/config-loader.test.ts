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
    const [d] = validateDeployments({ deployments: [{ ...base, size: 'small' }] });
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
    expect(errorOf([{ ...base, offline: 'yes' }])).toContain("field 'offline' has value \"yes\"; allowed: a boolean");
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
    expect(m).toContain("field 'zzzzzzzz' has value 1; unknown field");
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
    expect(errorOf([{ ...base, mode: 'standalone', agentServer: { image: 'a/b:1' }, clickhouse: { type: 'external', host: 'ch' } }])).toContain('mode: standalone deploys no ClickHouse');
    expect(errorOf([{ ...base, agentServer: { image: 'a/b:1' } }])).toContain("field 'agentServer' has value \"{...}\"; only for mode: standalone");
  });

  test('standalone refuses a gateway (the agent server is exposed by ingress, load balancer or ClusterIP)', () => {
    expect(errorOf([{ ...base, mode: 'standalone', hostname: 'a.example.com', agentServer: { image: 'a/b:1' }, exposure: { type: 'gateway', gatewayName: 'g', gatewayNamespace: 'n' } }])).toContain("field 'exposure.type' has value \"gateway\"; mode: standalone is exposed by ingress, load balancer or ClusterIP");
  });

  test('agent servers never scale to zero', () => {
    const m = errorOf([{ ...base, mode: 'standalone', agentServer: { image: 'a/b:1', replicas: 0 } }]);
    expect(m).toContain("field 'agentServer.replicas' has value 0");
    expect(m).toContain('never scale to zero');
    const a = errorOf([{ ...base, mode: 'standalone', agentServer: { image: 'a/b:1', autoscaling: { minReplicas: 0, maxReplicas: 3 } } }]);
    expect(a).toContain("field 'agentServer.autoscaling.minReplicas' has value 0");
    expect(a).toContain('scale-to-zero loses');
    expect(errorOf([{ ...base, mode: 'standalone', agentServer: { image: 'a/b:1', autoscaling: { minReplicas: 3, maxReplicas: 2 } } }])).toContain("field 'agentServer.autoscaling.maxReplicas' has value 2; allowed: an integer >= minReplicas (3)");
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

  test('external stores: only on kubernetes; required outside dev for full-platform and standalone', () => {
    expect(errorOf([{ ...base, mode: 'full-platform', size: 'small', hostname: 'a.example.com' }])).toContain("field 'postgres' is missing; mode: full-platform needs external (managed) Postgres and Redis outside size dev");
    expect(errorOf([{ ...base, mode: 'standalone', size: 'small', agentServer: { image: 'a/b:1' } }])).toContain("field 'postgres' is missing; mode: standalone on cloud: kubernetes needs external Postgres and Redis");
  });

  test('backend type is checked', () => {
    expect(errorOf([{ ...base, backend: { type: 'ftp' } }])).toContain("field 'backend.type' has value \"ftp\"; allowed: local | s3 | gcs | azurerm | remote");
    expect(errorOf([{ ...base, backend: { type: 's3' } }])).toContain("field 'backend.bucket' is missing");
  });

  test('a top-level key other than deployments is refused', () => {
    expect(() => validateDeployments({ deployments: [base], deploymnets: [] }, 'f.yaml')).toThrow("f.yaml: field 'deploymnets' has value []; unknown field; did you mean 'deployments'?");
  });
});

describe('deployments file: reading', () => {
  test('a missing file', () => {
    expect(() => loadDeployments('/nonexistent/deployments.yaml')).toThrow("/nonexistent/deployments.yaml: field '(file)' is missing; the deployments file does not exist");
  });

  test('broken YAML names the line', () => {
    const path = writeDeploymentsFile('deployments:\n  - name: a\n    mode: [observability\n', true);
    expect(() => loadDeployments(path)).toThrow(/deployments\.yaml:\d+:\d+: field '\(YAML\)' is missing; not valid YAML/);
  });

  test('duplicate keys in YAML are refused', () => {
    const path = writeDeploymentsFile('deployments:\n  - name: a1\n    name: a2\n    mode: observability\n    cloud: kubernetes\n', true);
    expect(() => loadDeployments(path)).toThrow(/not valid YAML: Map keys must be unique/);
  });

  test('a file that is not a mapping', () => {
    const path = writeDeploymentsFile('- just\n- a list\n', true);
    expect(() => loadDeployments(path)).toThrow("allowed: a YAML mapping with a `deployments:` list");
    expect(() => loadDeployments(writeDeploymentsFile('', true))).toThrow("field '(file)' is missing; allowed: a YAML mapping");
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
