/**
 * Kubernetes and Helm rules: secret values never appear as literals in cdktf.out.
 */
import { PolicyRule, rule } from '../rule';
import { blocks, isComputed, isHarmlessLiteral, isSecretKey, isWholeInternet, Json, strings } from '../values';

/**
 * Keys of a Kubernetes Secret whose values are not secret and may be literals: connection
 * coordinates (host, port, user, database, TLS flags), public certificates, and the public OIDC
 * client id (`oauth_client_id`), which the LangSmith chart reads only from its app Secret
 * (templates/frontend/deployment.yaml, templates/_helpers.tpl commonEnv).
 */
export const NON_SECRET_SECRET_KEYS = /((^|[_.-])(host|hostname|port|native_port|http_port|tls|ssl|sslmode|user|username|db|database|dbname|namespace|region|endpoint|bucket|engine|scheme|client_id)$|(^|[_.-])ca([_.-]|$)|ca-bundle|\.crt$|\.pem$|_cert$)/i;

/** Paths under `node` (a parsed values document) whose key looks secret and whose value is a literal. */
export function literalSecretPaths(node: unknown, path = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => literalSecretPaths(v, `${path}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(node as Json)) {
    const p = path ? `${path}.${k}` : k;
    if (typeof v === 'string') {
      if (isSecretKey(k) && !isHarmlessLiteral(v)) out.push(p);
    } else {
      out.push(...literalSecretPaths(v, p));
    }
  }
  return out;
}

/** Parses one `values` document of a helm_release (JSON or YAML); undefined when it is an expression. */
function parseValues(text: string): unknown {
  const trimmed = text.trim();
  if (/^\$\{[^]*\}$/.test(trimmed) && !trimmed.slice(2, -1).includes('${')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    try {
      // Values this library writes are JSON; yaml loads only for hand-written YAML values.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require('yaml') as typeof import('yaml')).parse(trimmed);
    } catch {
      return undefined;
    }
  }
}

const INTERNAL_LB = [
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', 'internal'],
  ['service.beta.kubernetes.io/aws-load-balancer-internal', 'true'],
  ['networking.gke.io/load-balancer-type', 'Internal'],
  ['cloud.google.com/load-balancer-type', 'Internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', 'true'],
];

export const KUBERNETES_RULES: PolicyRule[] = [
  rule({
    id: 'LS-K8S-1', types: ['kubernetes_secret', 'kubernetes_secret_v1'], scanners: [],
    description: 'Secret data are Terraform references (random_password, sensitive variables, cross-stack outputs), never literals; only connection coordinates (host, port, user, database, TLS flags, CA certificates) may be literal',
    check: (s) => {
      const bad: string[] = [];
      for (const attr of ['data', 'binary_data', 'string_data']) {
        const data = s.config[attr];
        if (!data || typeof data !== 'object') continue;
        for (const [k, v] of Object.entries(data as Json)) {
          if (typeof v !== 'string' || NON_SECRET_SECRET_KEYS.test(k) || isHarmlessLiteral(v)) continue;
          bad.push(`${attr}.${k}`);
        }
      }
      return bad.length ? `literal value(s) in ${bad.join(', ')}` : undefined;
    },
  }),
  rule({
    id: 'LS-K8S-2', types: 'helm_release', scanners: [],
    description: 'Helm values never carry a literal secret: secret-looking keys (password, token, apiKey, salt, licenseKey, ...) in values, set and set_sensitive hold references or name an existing Secret',
    check: (s) => {
      const bad: string[] = [];
      strings(s.config.values).forEach((doc, i) => bad.push(...literalSecretPaths(parseValues(doc)).map((p) => `values[${i}].${p}`)));
      for (const setting of blocks(s.config.set)) {
        const name = String(setting.name ?? '');
        const last = name.split('.').pop() ?? name;
        if (isSecretKey(last) && typeof setting.value === 'string' && !isHarmlessLiteral(setting.value)) bad.push(`set ${name}`);
      }
      for (const setting of blocks(s.config.set_sensitive)) {
        if (typeof setting.value === 'string' && !isComputed(setting.value)) bad.push(`set_sensitive ${setting.name}`);
      }
      if (typeof s.config.repository_password === 'string' && !isComputed(s.config.repository_password)) bad.push('repository_password');
      return bad.length ? `literal secret value(s) at ${bad.join(', ')}` : undefined;
    },
  }),
  rule({
    id: 'LS-K8S-3', types: ['kubernetes_config_map', 'kubernetes_config_map_v1'], scanners: [],
    description: 'no secrets in ConfigMaps: secret-looking keys hold no literal values',
    check: (s) => {
      const data = (s.config.data ?? {}) as Json;
      const bad = Object.entries(data).filter(([k, v]) => typeof v === 'string' && isSecretKey(k) && !isHarmlessLiteral(v)).map(([k]) => k);
      return bad.length ? `literal secret value(s) at data.${bad.join(', data.')}` : undefined;
    },
  }),
  rule({
    id: 'LS-K8S-4', types: ['kubernetes_service', 'kubernetes_service_v1'], scanners: [],
    description: 'a LoadBalancer Service is internal, or lists load_balancer_source_ranges (never 0.0.0.0/0)',
    check: (s) => {
      const spec = Array.isArray(s.config.spec) ? s.config.spec[0] : s.config.spec;
      if (!spec || spec.type !== 'LoadBalancer') return undefined;
      const meta = Array.isArray(s.config.metadata) ? s.config.metadata[0] : s.config.metadata;
      const ann = (meta?.annotations ?? {}) as Json;
      if (INTERNAL_LB.some(([k, v]) => String(ann[k]).toLowerCase() === v.toLowerCase())) return undefined;
      const ranges = strings(spec.load_balancer_source_ranges);
      if (!ranges.length) return 'a public LoadBalancer with no load_balancer_source_ranges: open to 0.0.0.0/0';
      const open = ranges.filter(isWholeInternet);
      return open.length ? `load_balancer_source_ranges contains ${open.join(', ')}` : undefined;
    },
  }),
];
