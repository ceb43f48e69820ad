import { X509Certificate } from 'crypto';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { MOZILLA_ROOT_CERTIFICATES } from '../lib/k8s/mozilla-roots';
import { synthesize } from '../stacks/app';
import { buildDeployments, langsmithValues, resourcesOf, synthJson, writeDeploymentsFile } from './helpers';

/**
 * Findings of the second review of the charts against their templates (langsmith 0.16.11,
 * langgraph-cloud 0.3.2): each test reads the synthesized output the way the chart does.
 */

/** langsmith templates/_helpers.tpl:1458 `langsmith.hostnameWithProtocol`. */
function hostnameWithProtocol(hostname: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(hostname)) return hostname;
  if (/^(localhost|127\.0\.0\.1|\[::1\])(?::[0-9]+)?(?:\/.*)?$/.test(hostname)) return `http://${hostname}`;
  return `https://${hostname}`;
}

const secretsByName = (json: any): Record<string, any> =>
  Object.fromEntries(Object.values(resourcesOf(json, 'kubernetes_secret_v1')).map((s: any) => [s.metadata.name, s]));

describe('OAuth deployments synthesize (the app runs the security policy on every stack)', () => {
  test('the public OIDC client id and issuer the chart reads from the app Secret pass LS-K8S-1; the client secret stays a reference', () => {
    const file = writeDeploymentsFile({
      deployments: [{
        name: 'sso', mode: 'observability', cloud: 'kubernetes', hostname: 'ls.example.com',
        auth: { type: 'oauth', clientId: 'langsmith-client', issuerUrl: 'https://idp.example.com/realms/acme', clientSecret: true },
        exposure: { type: 'ingress', className: 'nginx', tlsSecretName: 'ls-tls' },
      }],
    });
    const out = join(mkdtempSync(join(tmpdir(), 'review-')), 'cdktf.out');
    // Before: "literal value(s) in data.oauth_client_id, data.oauth_issuer_url" and synth failed.
    const result = synthesize(file, out);
    const json = result.json['sso-app'];
    // frontend/deployment.yaml:26-38 and _helpers.tpl:311-329 read these keys from config.existingSecretName.
    const values = langsmithValues(json);
    expect(values.config).toMatchObject({ authType: 'mixed', oauth: { enabled: true }, existingSecretName: 'langsmith-config' });
    const data = secretsByName(json)['langsmith-config'].data;
    expect(data).toMatchObject({ oauth_client_id: 'langsmith-client', oauth_issuer_url: 'https://idp.example.com/realms/acme' });
    expect(data.oauth_client_secret).toMatch(/^\$\{var\./);
  });
});

describe('a gateway edge is HTTPS (as LangSmithRelease assumes for a gateway)', () => {
  const gateway = { type: 'gateway', gatewayName: 'public', gatewayNamespace: 'gateway-system' };

  test('observability: the chart derives https:// URLs and the url output agrees', () => {
    const json = synthJson(buildDeployments([{ name: 'gw', mode: 'observability', cloud: 'kubernetes', hostname: 'ls.example.com', exposure: gateway }]).stacks.gw.app);
    const values = langsmithValues(json);
    // config-map.yaml:96 OAUTH_AS_ISSUER and LANGSMITH_PUBLIC_API_ENDPOINT come from hostnameWithProtocol.
    expect(hostnameWithProtocol(values.config.hostname)).toBe('https://ls.example.com');
    expect(json.output.url.value).toBe('https://ls.example.com');
  });

  test('full platform: the operator gives agents https URLs (operator/deployment.yaml:144 TLS_ENABLED)', () => {
    const json = synthJson(buildDeployments([{ name: 'gwp', mode: 'full-platform', cloud: 'kubernetes', hostname: 'ls.example.com', exposure: gateway }]).stacks.gwp.app);
    const values = langsmithValues(json);
    expect(values.config.deployment.tlsEnabled).toBe(true);
    expect(values.gateway).toMatchObject({ enabled: true, name: 'public', namespace: 'gateway-system' });
  });
});

describe('rotated secrets roll the pods in the same apply', () => {
  test('the agent server pod annotations are versions replaced with each Secret\'s data, never a resource_version the provider plans unchanged', () => {
    const json = synthJson(buildDeployments([{ name: 'ag', mode: 'standalone', cloud: 'kubernetes', size: 'dev', agentServer: { image: 'registry.example.com/agent:1.0' } }]).stacks.ag.app);
    const release = Object.values(resourcesOf(json, 'helm_release')).find((r: any) => r.chart === 'langgraph-cloud') as any;
    // langgraph-cloud templates/api-server/deployment.yaml:28-31 puts deployment.annotations on the pod template.
    const annotations = JSON.parse(release.values[0]).apiServer.deployment.annotations as Record<string, string>;
    const versions = resourcesOf(json, 'terraform_data');
    const secrets = Object.keys(resourcesOf(json, 'kubernetes_secret_v1'));
    expect(Object.values(annotations).join()).not.toMatch(/resource_version/);
    expect(Object.values(annotations).map((a) => versions[/^\$\{terraform_data\.([^.]+)\.id\}$/.exec(a)![1]].triggers_replace.data).sort())
      .toEqual(secrets.map((id) => `\${kubernetes_secret_v1.${id}.data}`).sort());
  });
});

describe('the pinned public roots are checkable', () => {
  test('every PEM parses as a CA certificate, none twice (the bundle replaces the trust store: templates/_helpers.tpl:459 SSL_CERT_FILE)', () => {
    const certs = MOZILLA_ROOT_CERTIFICATES.map((pem) => new X509Certificate(pem));
    expect(certs.filter((c) => !c.ca).map((c) => c.subject)).toEqual([]);
    expect(new Set(certs.map((c) => c.fingerprint256)).size).toBe(certs.length);
  });
});
