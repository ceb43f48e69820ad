/**
 * The agents the LangSmith operator creates (full platform) and the agent server (standalone), read
 * the way the chart templates and the operator read our values: `operator.templates.*` is mounted
 * from the ConfigMap templates/operator/config-map.yaml renders (`{{ .Values.operator.templates.<t> | indent 4 }}`)
 * and the operator fills its `${...}` placeholders before parsing the YAML; `operator.watchNamespaces`
 * is split on "," by templates/operator/rbac.yaml, an empty one giving a ClusterRole.
 */
import { Testing, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { Foundation } from '../lib/core/contracts';
import { LangSmithOnFoundation } from '../lib/k8s/langsmith-on-foundation';
import { ENCRYPTED_GP3_STORAGE_CLASS } from '../lib/aws/eks-add-ons';
import { artifactRegistryRepository } from '../lib/gcp/artifact-registry-reader';
import { GKE_STORAGE_CLASS } from '../lib/gcp/foundation';
import { frozenOperatorTemplates, nextSteps, offlineStep } from '../stacks/summary';
import { validateDeployments } from '../stacks/config';
import defaults from './fixtures/langsmith-0.16.11.operator-templates.json';
import { buildDeployments, demoOutdir, langsmithValues, readManifestStacks, resourcesOf, StackJson, synthJson, terraformLiteral } from './helpers';

type TemplateName = 'deployment' | 'service' | 'redis' | 'db';
const TEMPLATES: TemplateName[] = ['deployment', 'service', 'redis', 'db'];

/** What the operator puts in place of each placeholder (sample values). */
const PLACEHOLDERS: Record<string, string> = { name: 'agent-1', namespace: 'agents', replicas: '2', image: 'registry.example.com/agent:1', service_name: 'agent-1-db', max_connections: '100', storage_gi: '10' };

/** A template as the operator renders it: placeholders filled, then YAML. Every placeholder must be one of the chart's. */
function render(template: string): any {
  const text = template.replace(/\$\{([a-z_]+)\}/g, (_m, k: string) => {
    if (!(k in PLACEHOLDERS)) throw new Error(`unknown placeholder \${${k}}`);
    return PLACEHOLDERS[k];
  });
  expect(text).not.toContain('$');
  return parse(text);
}

/** The template the chart renders with these values (ours, or the chart's default when we set none). */
function effective(values: any, t: TemplateName): string {
  return values.operator?.templates?.[t] ?? (defaults as Record<string, string>)[t];
}

/** The rendered template of the values minus the rendered default: what we changed, as paths. */
function changes(values: any, t: TemplateName): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (a: any, b: any, path: string) => {
    if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], path ? `${path}.${k}` : k);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out[path] = a;
    }
  };
  walk(render(effective(values, t)), render((defaults as Record<string, string>)[t]), '');
  return out;
}

const demoStacks = readManifestStacks(demoOutdir());
const demoApp = (name: string): StackJson => demoStacks.find((s) => s.id === `${name}-app`)!.json;
const demoInfra = (name: string): StackJson => demoStacks.find((s) => s.id === `${name}-infra`)!.json;

describe('the operator templates reach the operator intact', () => {
  test('the fixture is the chart default, and templates we emit keep every placeholder as the chart has it', () => {
    for (const name of ['aws-platform', 'gcp-platform', 'azure-platform', 'demo-k8s-platform']) {
      const values = langsmithValues(demoApp(name));
      for (const t of TEMPLATES) {
        const placeholders = (s: string) => (s.match(/\$\{[a-z_]+\}/g) ?? []).sort();
        expect(placeholders(effective(values, t))).toEqual(placeholders((defaults as Record<string, string>)[t]));
        render(effective(values, t));
      }
    }
  });

  test('the ConfigMap the chart renders (config-map.yaml: each template `| indent 4` under a `|` key) holds each template unchanged', () => {
    const keys: Record<TemplateName, string> = { deployment: 'deployment.yaml.tmpl', service: 'service.yaml.tmpl', redis: 'redis-deployment.yaml.tmpl', db: 'database-statefulset.yaml.tmpl' };
    const values = langsmithValues(demoApp('gcp-platform'));
    const indent4 = (t: string) => t.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
    const configMap = ['apiVersion: v1', 'kind: ConfigMap', 'data:', ...TEMPLATES.map((t) => `  ${keys[t]}: |\n${indent4(effective(values, t))}`)].join('\n');
    const data = parse(configMap).data;
    for (const t of TEMPLATES) expect(data[keys[t]]).toBe(effective(values, t));
  });

  test('Terraform gets them escaped ($${name}): an unescaped ${name} is an invalid reference in a JSON configuration', () => {
    const release = Object.values(resourcesOf(demoApp('aws-platform'), 'helm_release')).find((r: any) => r.chart === 'langsmith') as any;
    const raw: string = release.values[0];
    expect(raw).toContain('$${name}');
    expect(raw).not.toMatch(/(?<!\$)\$\{(name|namespace|replicas|image|service_name|max_connections|storage_gi)\}/);
    expect(JSON.parse(terraformLiteral(raw)).operator.templates.service).toContain('  name: ${name}\n');
  });
});

describe('item 2: agent Services carry the cloud load balancer settings (operator.templates.service)', () => {
  test('AWS: the ALB health-checks /ok (a Service annotation overrides the Ingress\'s); nothing else changes', () => {
    expect(changes(langsmithValues(demoApp('aws-platform')), 'service')).toEqual({ 'metadata.annotations': { 'alb.ingress.kubernetes.io/healthcheck-path': '/ok' } });
  });

  test('GCP: NEG and a BackendConfig (/ok on 8000, 3600 s) that exists in every watched namespace before the release', () => {
    const app = demoApp('gcp-platform');
    const values = langsmithValues(app);
    expect(changes(values, 'service')).toEqual({
      'metadata.annotations': { 'cloud.google.com/neg': '{"ingress": true}', 'cloud.google.com/backend-config': '{"default":"gcp-platform-agent-backend"}' },
    });
    const watched = values.operator.watchNamespaces.split(',').map((n: string) => n.trim());
    const manifests = Object.entries(resourcesOf(app, 'kubernetes_manifest')).map(([id, m]: [string, any]) => ({ id, ...m.manifest }));
    for (const ns of watched) {
      const bc = manifests.find((m) => m.kind === 'BackendConfig' && m.metadata.name === 'gcp-platform-agent-backend' && m.metadata.namespace === ns);
      expect(bc).toBeDefined();
      expect(bc!.spec.timeoutSec).toBe(3600);
      expect(bc!.spec.healthCheck).toMatchObject({ type: 'HTTP', requestPath: '/ok', port: 8000 });
      const release = Object.values(resourcesOf(app, 'helm_release')).find((r: any) => r.chart === 'langsmith') as any;
      expect(release.depends_on).toContain(`kubernetes_manifest.${bc!.id}`);
    }
  });

  test('no cloud ingress controller of ours (Azure application routing, your own nginx): the chart\'s Service template', () => {
    expect(langsmithValues(demoApp('azure-platform')).operator.templates?.service).toBeUndefined();
    expect(langsmithValues(demoApp('demo-k8s-platform')).operator.templates?.service).toBeUndefined();
  });
});

describe('item 1: the internal load balancer\'s proxies reach the agents (GCP, default internal ingress)', () => {
  const gcp = (mode: string) => ({ name: 'r23-gplat', mode, cloud: 'gcp', region: 'us-central1', project: 'acme-langsmith-prod', size: 'small', hostname: 'langsmith.r23.example.com', cluster: { apiAllowedCidrs: ['203.0.113.0/24'] } });
  const proxyPorts = (mode: string) => {
    const { stacks } = buildDeployments([gcp(mode)]);
    const fw = Object.values(resourcesOf(synthJson(stacks['r23-gplat'].infra!), 'google_compute_firewall')).find((r: any) => r.name === 'r23-gplat-ingress-proxy') as any;
    return fw.allow.flatMap((a: any) => a.ports);
  };
  test('full-platform: tcp 8080 (frontend) and 8000 (the operator\'s agents, operator.templates.deployment containerPort)', () => {
    expect(proxyPorts('full-platform')).toEqual(['8080', '8000']);
    expect(render(defaults.deployment).spec.template.spec.containers[0].ports[0].containerPort).toBe(8000);
  });
  test('observability: 8080 only', () => {
    expect(proxyPorts('observability')).toEqual(['8080']);
  });
});

describe('item 3: the agents\' Postgres volume uses the foundation\'s storage class (operator.templates.db)', () => {
  test('AWS: the encrypted gp3 class the app stack creates, not the unencrypted ebs-csi-default-sc default', () => {
    const app = demoApp('aws-platform');
    expect(changes(langsmithValues(app), 'db')).toEqual({ 'spec.volumeClaimTemplates.0.spec.storageClassName': ENCRYPTED_GP3_STORAGE_CLASS });
    const sc = Object.values(resourcesOf(app, 'kubernetes_storage_class_v1')).find((c: any) => c.metadata.name === ENCRYPTED_GP3_STORAGE_CLASS) as any;
    expect(sc.parameters.encrypted).toBe('true');
  });
  test('GCP and Azure: their classes too', () => {
    expect(changes(langsmithValues(demoApp('gcp-platform')), 'db')).toEqual({ 'spec.volumeClaimTemplates.0.spec.storageClassName': GKE_STORAGE_CLASS });
    const azure = langsmithValues(demoApp('azure-platform'));
    expect(changes(azure, 'db')).toEqual({ 'spec.volumeClaimTemplates.0.spec.storageClassName': azure.postgres?.statefulSet?.persistence?.storageClassName ?? azure.polly.postgres.statefulSet.persistence.storageClassName });
  });
});

describe('item 4: a mirrored registry and pull secrets reach the operator\'s pods', () => {
  const entry = { name: 'mirror', mode: 'full-platform', cloud: 'kubernetes', size: 'dev', hostname: 'langsmith.mirror.example.com', exposure: { type: 'ingress', className: 'nginx', tlsSecretName: 'tls' }, images: { registry: 'mirror.example.com', pullSecrets: ['regcred'] } };
  test('Redis and Postgres images from the mirror (as the chart prefixes its own), pull secrets on every pod; nothing else changes', () => {
    const { stacks } = buildDeployments([entry]);
    const values = langsmithValues(synthJson(stacks.mirror.app));
    const secrets = [{ name: 'regcred' }];
    expect(changes(values, 'deployment')).toEqual({ 'spec.template.spec.imagePullSecrets': secrets });
    expect(changes(values, 'redis')).toEqual({ 'spec.template.spec.imagePullSecrets': secrets, 'spec.template.spec.containers.0.image': 'mirror.example.com/docker.io/redis:7' });
    expect(changes(values, 'db')).toEqual({ 'spec.template.spec.imagePullSecrets': secrets, 'spec.template.spec.containers.0.image': 'mirror.example.com/pgvector/pgvector:pg15' });
    expect(values.images.registry).toBe('mirror.example.com');
  });
  test('a value the operator would substitute ($) is refused, naming the field', () => {
    expect(() => buildDeployments([{ ...entry, name: 'dollar', images: { registry: 'mirror.example.com/$x' } }])).toThrow(/images\.registry.*\$/s);
  });
});

describe('item 5: the operator is never cluster-wide', () => {
  test('no platform.watchNamespaces: the release namespace, so templates/operator/rbac.yaml renders namespaced Roles', () => {
    const values = langsmithValues(demoApp('azure-platform'));
    expect(values.operator.watchNamespaces).toBe('langsmith');
    // rbac.yaml: {{- if .Values.operator.watchNamespaces }} Roles per splitList "," ... {{- else }} ClusterRole
    expect(values.operator.watchNamespaces.split(',').map((s: string) => s.trim())).toEqual(['langsmith']);
  });
  test('extras come after the release namespace, once', () => {
    expect(langsmithValues(demoApp('aws-platform')).operator.watchNamespaces).toBe('langsmith,agents');
  });
});

describe('item 6: standalone load balancer annotations reach the api-server Service', () => {
  test('exposure.annotations -> apiServer.service.annotations (langgraph-cloud templates/api-server/service.yaml)', () => {
    const { stacks } = buildDeployments([{
      name: 'r23-agent', mode: 'standalone', cloud: 'kubernetes', size: 'small', namespace: 'agents',
      exposure: { type: 'load-balancer', sourceRanges: ['198.51.100.0/24'], annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } },
      agentServer: { image: 'registry.example.com/acme/agent:1.0.0', auth: { type: 'image' } },
      postgres: { host: 'pg.example.com', database: 'agents', user: 'agents' }, redis: { host: 'redis.example.com' },
    }]);
    const release = Object.values(resourcesOf(synthJson(stacks['r23-agent'].app), 'helm_release')).find((r: any) => r.chart === 'langgraph-cloud') as any;
    const service = JSON.parse(release.values[0]).apiServer.service;
    expect(service.type).toBe('LoadBalancer');
    expect(service.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' });
  });
});

describe('item 7: telemetry and offline say what they do', () => {
  const standalone = { name: 'agent', mode: 'standalone', cloud: 'kubernetes', size: 'dev', agentServer: { image: 'registry.example.com/acme/agent:1.0.0' } };
  test('standalone: telemetry switches the langgraph-cloud chart does not have are refused', () => {
    expect(() => validateDeployments({ deployments: [{ ...standalone, telemetry: { metrics: false } }] }, 'd.yaml')).toThrow(/telemetry\.metrics.*no telemetry switches/s);
    expect(() => validateDeployments({ deployments: [{ ...standalone, offline: true }] }, 'd.yaml')).not.toThrow();
  });
  test('the summary says what still leaves in each mode', () => {
    const [s] = validateDeployments({ deployments: [{ ...standalone, offline: true }] }, 'd.yaml');
    expect(offlineStep(s)).toMatch(/no telemetry switch.*the agent server report usage.*air-gapped/);
    expect(offlineStep(s)).not.toMatch(/telemetry is off/);
    const [p] = validateDeployments({ deployments: [{ name: 'plat', mode: 'full-platform', cloud: 'kubernetes', size: 'dev', hostname: 'l.example.com', offline: true }] }, 'd.yaml');
    expect(offlineStep(p)).toMatch(/config\.telemetry\.\* .* are off; Polly, Insights and the agents the operator creates report usage/);
  });
});

describe('item 8: GKE nodes may read the Artifact Registry repositories the images name, and only those', () => {
  test('the repository of a *-docker.pkg.dev reference; other registries none', () => {
    expect(artifactRegistryRepository('europe-west1-docker.pkg.dev/acme-agents-prod/agents/triage:1.2.0')).toEqual({ location: 'europe-west1', project: 'acme-agents-prod', repository: 'agents' });
    expect(artifactRegistryRepository('us-docker.pkg.dev/acme-mirror/hub')).toEqual({ location: 'us', project: 'acme-mirror', repository: 'hub' });
    expect(artifactRegistryRepository('123456789012.dkr.ecr.eu-west-1.amazonaws.com/support-agent:2.0.1')).toBeUndefined();
    expect(artifactRegistryRepository('registry.example.com/acme/agent:1.0.0')).toBeUndefined();
  });
  test('gcp-agent: roles/artifactregistry.reader on that repository for the node service account', () => {
    const members = Object.values(resourcesOf(demoInfra('gcp-agent'), 'google_artifact_registry_repository_iam_member')) as any[];
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ project: 'acme-agents-prod', location: 'europe-west1', repository: 'agents', role: 'roles/artifactregistry.reader' });
    expect(members[0].member).toMatch(/^serviceAccount:\$\{google_service_account\.[^}]*NodeServiceAccount[^}]*\.email\}$/);
  });
  test('no Artifact Registry image, no grant', () => {
    expect(resourcesOf(demoInfra('gcp-platform'), 'google_artifact_registry_repository_iam_member')).toEqual({});
  });
});

describe('the library path: LangSmithOnFoundation hands Foundation.agentIngressBackend to the operator', () => {
  test('with deployments and the foundation\'s Ingress: the Service template and the manifests in every watched namespace; with your own class: neither', () => {
    const f: Foundation = {
      cluster: { clusterName: 'c1', host: 'https://10.0.0.1', clusterCaCertificate: 'Q0E=', exec: { command: 'gke-gcloud-auth-plugin' } },
      ingressAnnotations: { 'kubernetes.io/ingress.class': 'gce-internal' },
      agentIngressBackend: { serviceAnnotations: { 'cloud/agent': 'yes' }, manifests: [{ apiVersion: 'cloud/v1', kind: 'BackendConfig', metadata: { name: 'agents' }, spec: {} }] },
      storageClassName: 'fast',
    };
    const build = (className?: string) => {
      const stack = new TerraformStack(Testing.app(), 's');
      new LangSmithOnFoundation(stack, 'LangSmith', {
        foundation: f, licenseKey: '${var.license}', size: 'dev', hostname: 'ls.example.com',
        deployments: { watchNamespaces: ['agents'] },
        exposure: { type: 'ingress', className, tlsSecretName: 'tls' },
      });
      return synthJson(stack);
    };
    const json = build();
    const values = langsmithValues(json);
    expect(changes(values, 'service')).toEqual({ 'metadata.annotations': { 'cloud/agent': 'yes' } });
    expect(changes(values, 'db')).toEqual({ 'spec.volumeClaimTemplates.0.spec.storageClassName': 'fast' });
    const placed = (Object.values(resourcesOf(json, 'kubernetes_manifest')) as any[]).filter((m) => m.manifest.metadata.name === 'agents').map((m) => m.manifest.metadata.namespace).sort();
    expect(placed).toEqual(['agents', 'langsmith']);
    const own = build('nginx');
    expect(langsmithValues(own).operator.templates.service).toBeUndefined();
    expect((Object.values(resourcesOf(own, 'kubernetes_manifest')) as any[]).filter((m) => m.manifest.metadata.name === 'agents')).toEqual([]);
  });
});

describe('another chart version keeps 0.16.11\'s operator templates: the summary says so', () => {
  const entry = { name: 'up', mode: 'full-platform', cloud: 'kubernetes', size: 'dev', hostname: 'langsmith.up.example.com', exposure: { type: 'ingress', className: 'nginx', tlsSecretName: 'tls' }, images: { registry: 'mirror.example.com' } };
  const steps = (raw: Record<string, unknown>) => {
    const { stacks, deployments } = buildDeployments([raw]);
    return nextSteps(deployments[0], [synthJson(stacks[raw.name as string].app)]).join('\n');
  };
  test('chart.version 0.17.0 with templates set: a warning naming them and the chart to compare with', () => {
    const { stacks } = buildDeployments([{ ...entry, chart: { version: '0.17.0' } }]);
    const json = synthJson(stacks.up.app);
    // Helm replaces a template's whole text: these are 0.16.11's, not 0.17.0's.
    expect(langsmithValues(json).operator.templates.redis).toContain('image: "mirror.example.com/docker.io/redis:7"');
    expect(frozenOperatorTemplates([json])).toMatch(/^warning: chart 0\.17\.0: operator\.templates\.redis, operator\.templates\.db are langsmith 0\.16\.11's text.*values\.yaml of chart 0\.17\.0/);
    expect(steps({ ...entry, chart: { version: '0.17.0' } })).toMatch(/warning: chart 0\.17\.0: operator\.templates/);
  });
  test('the pinned version, or no templates set (observability): no warning', () => {
    expect(steps(entry)).not.toMatch(/operator\.templates/);
    expect(steps({ ...entry, mode: 'observability', chart: { version: '0.17.0' } })).not.toMatch(/operator\.templates/);
    expect(frozenOperatorTemplates([demoApp('aws-platform')])).toBeUndefined();
  });
});
