/**
 * The templates the LangSmith operator (full platform) renders for every agent it creates
 * (`operator.templates.*`, langsmith 0.16.11 values.yaml): the chart mounts them from the ConfigMap
 * `<fullname>-operator-config` (templates/operator/config-map.yaml) as
 * `/templates/<name>.yaml.tmpl` (templates/operator/deployment.yaml), and the operator fills the
 * `${...}` placeholders (`${name}`, `${namespace}`, `${replicas}`, `${image}`, `${service_name}`,
 * `${max_connections}`, `${storage_gi}`) before it parses the YAML.
 *
 * These are the chart's default templates line for line; {@link operatorTemplates} only inserts
 * lines (annotations, image pull secrets, a storage class) or prefixes the two hard-coded images
 * with a registry mirror, and returns only the templates it changed, so Helm keeps the chart's
 * default for the others. Inserted values are written as JSON strings (valid YAML scalars) and
 * may not contain `$` (the operator would substitute it) or be Terraform tokens (unknown at synth).
 */

/** The chart's default `operator.templates` of langsmith 0.16.11, one array entry per line. */
export const OPERATOR_DEFAULT_TEMPLATES = {
  deployment: [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: ${name}",
    "  namespace: ${namespace}",
    "spec:",
    "  replicas: ${replicas}",
    "  revisionHistoryLimit: 10",
    "  selector:",
    "    matchLabels:",
    "      app: ${name}",
    "  template:",
    "    metadata:",
    "      labels:",
    "        app: ${name}",
    "    spec:",
    "      enableServiceLinks: false",
    "      containers:",
    "      - name: api-server",
    "        image: ${image}",
    "        ports:",
    "        - name: api-server",
    "          containerPort: 8000",
    "          protocol: TCP",
    "        livenessProbe:",
    "          httpGet:",
    "            path: /ok",
    "            port: 8000",
    "          periodSeconds: 15",
    "          timeoutSeconds: 5",
    "          failureThreshold: 6",
    "        readinessProbe:",
    "          httpGet:",
    "            path: /ok",
    "            port: 8000",
    "          periodSeconds: 15",
    "          timeoutSeconds: 5",
    "          failureThreshold: 6",
  ],
  service: [
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    "  name: ${name}",
    "  namespace: ${namespace}",
    "spec:",
    "  type: ClusterIP",
    "  selector:",
    "    app: ${name}",
    "  ports:",
    "  - name: api-server",
    "    protocol: TCP",
    "    port: 8000",
    "    targetPort: 8000",
  ],
  redis: [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: ${service_name}",
    "  namespace: ${namespace}",
    "spec:",
    "  replicas: 1",
    "  selector:",
    "    matchLabels:",
    "      app: ${service_name}",
    "  template:",
    "    metadata:",
    "      labels:",
    "        app: ${service_name}",
    "    spec:",
    "      enableServiceLinks: false",
    "      containers:",
    "      - name: redis",
    "        image: docker.io/redis:7",
    "        ports:",
    "        - containerPort: 6379",
    "          name: redis",
    "        livenessProbe:",
    "          exec:",
    "            command:",
    "            - redis-cli",
    "            - ping",
    "          initialDelaySeconds: 30",
    "          periodSeconds: 10",
    "        readinessProbe:",
    "          tcpSocket:",
    "            port: 6379",
    "          initialDelaySeconds: 10",
    "          periodSeconds: 5",
  ],
  db: [
    "apiVersion: apps/v1",
    "kind: StatefulSet",
    "metadata:",
    "  name: ${service_name}",
    "spec:",
    "  serviceName: ${service_name}",
    "  selector:",
    "    matchLabels:",
    "      app: ${service_name}",
    "  persistentVolumeClaimRetentionPolicy:",
    "    whenDeleted: Delete",
    "    whenScaled: Retain",
    "  template:",
    "    metadata:",
    "      labels:",
    "        app: ${service_name}",
    "    spec:",
    "      containers:",
    "      - name: postgres",
    "        image: pgvector/pgvector:pg15",
    "        ports:",
    "        - containerPort: 5432",
    "        command: [\"docker-entrypoint.sh\"]",
    "        args:",
    "          - postgres",
    "          - -c",
    "          - max_connections=${max_connections}",
    "        env:",
    "        - name: PGDATA",
    "          value: /var/lib/postgresql/data/pgdata",
    "        volumeMounts:",
    "        - name: postgres-data",
    "          mountPath: /var/lib/postgresql/data",
    "      enableServiceLinks: false",
    "  volumeClaimTemplates:",
    "  - metadata:",
    "      name: postgres-data",
    "    spec:",
    "      accessModes: [\"ReadWriteOnce\"]",
    "      resources:",
    "        requests:",
    "          storage: \"${storage_gi}Gi\"",
  ],
} as const;

/** The template names of `operator.templates`. */
export type OperatorTemplateName = keyof typeof OPERATOR_DEFAULT_TEMPLATES;

/** The images the chart's default templates hard-code (the agent image is the operator's `${image}`). */
export const OPERATOR_TEMPLATE_IMAGES = { redis: 'docker.io/redis:7', db: 'pgvector/pgvector:pg15' } as const;

/** What to change in the operator's templates. */
export interface OperatorTemplateOptions {
  /** Annotations on every agent Service (e.g. the cloud load balancer's health check, NEG, BackendConfig). @default {} */
  readonly serviceAnnotations?: Record<string, string>;
  /** Storage class of the agents' Postgres volume (`volumeClaimTemplates`). @default - the cluster default */
  readonly storageClassName?: string;
  /** Registry mirror prefixed (with `/`) to the Redis and Postgres images, as the chart's `images.registry` does to its own. @default - none */
  readonly registry?: string;
  /** Existing image pull secrets of the agent, Redis and Postgres pods. @default [] */
  readonly pullSecrets?: string[];
}

/** Why a value cannot go into an operator template, or undefined when it can. */
export function operatorTemplateValueProblem(value: string): string | undefined {
  if (value.includes('${')) return 'a literal known at synth (a Terraform reference cannot be written into the operator\'s templates)';
  if (value.includes('$')) return 'no `$`: the operator substitutes `$` placeholders in its templates';
  if (/[\r\n]/.test(value)) return 'a single line';
  return undefined;
}

function insertAfter(lines: string[], anchor: string, added: string[]): string[] {
  const at = lines.indexOf(anchor);
  if (at < 0 || lines.indexOf(anchor, at + 1) >= 0) throw new Error(`operator template: expected exactly one line ${JSON.stringify(anchor)}`);
  return [...lines.slice(0, at + 1), ...added, ...lines.slice(at + 1)];
}

function replaceLine(lines: string[], from: string, to: string): string[] {
  const at = lines.indexOf(from);
  if (at < 0) throw new Error(`operator template: expected the line ${JSON.stringify(from)}`);
  return lines.map((l, i) => (i === at ? to : l));
}

const q = (s: string) => JSON.stringify(s);

/**
 * The operator templates that differ from the chart's defaults for these options (as the text
 * `operator.templates.<name>` holds), and nothing for the others.
 */
export function operatorTemplates(o: OperatorTemplateOptions): Partial<Record<OperatorTemplateName, string>> {
  const out: Partial<Record<OperatorTemplateName, string[]>> = {};
  const all = [...Object.entries(o.serviceAnnotations ?? {}).flat(), o.storageClassName, o.registry, ...(o.pullSecrets ?? [])];
  for (const value of all) {
    const problem = value === undefined ? undefined : operatorTemplateValueProblem(value);
    if (problem) throw new Error(`operator template value ${JSON.stringify(value)}: allowed: ${problem}`);
  }
  const pullSecrets = o.pullSecrets?.length ? ['      imagePullSecrets:', ...o.pullSecrets.map((n) => `      - name: ${q(n)}`)] : [];
  const podSpec = '      enableServiceLinks: false';

  const annotations = Object.entries(o.serviceAnnotations ?? {});
  if (annotations.length) {
    out.service = insertAfter([...OPERATOR_DEFAULT_TEMPLATES.service], '  namespace: ${namespace}', ['  annotations:', ...annotations.map(([k, v]) => `    ${q(k)}: ${q(v)}`)]);
  }
  if (pullSecrets.length) out.deployment = insertAfter([...OPERATOR_DEFAULT_TEMPLATES.deployment], podSpec, pullSecrets);
  if (pullSecrets.length || o.registry) {
    let redis: string[] = [...OPERATOR_DEFAULT_TEMPLATES.redis];
    if (o.registry) redis = replaceLine(redis, `        image: ${OPERATOR_TEMPLATE_IMAGES.redis}`, `        image: ${q(`${o.registry}/${OPERATOR_TEMPLATE_IMAGES.redis}`)}`);
    if (pullSecrets.length) redis = insertAfter(redis, podSpec, pullSecrets);
    out.redis = redis;
  }
  if (pullSecrets.length || o.registry || o.storageClassName) {
    let db: string[] = [...OPERATOR_DEFAULT_TEMPLATES.db];
    if (o.registry) db = replaceLine(db, `        image: ${OPERATOR_TEMPLATE_IMAGES.db}`, `        image: ${q(`${o.registry}/${OPERATOR_TEMPLATE_IMAGES.db}`)}`);
    if (pullSecrets.length) db = insertAfter(db, podSpec, pullSecrets);
    if (o.storageClassName) db = insertAfter(db, '      accessModes: ["ReadWriteOnce"]', [`      storageClassName: ${q(o.storageClassName)}`]);
    out.db = db;
  }
  return Object.fromEntries(Object.entries(out).map(([k, lines]) => [k, `${lines.join('\n')}\n`]));
}

/**
 * The values as Terraform must receive them: the operator templates' `${...}` placeholders escaped
 * as `$${...}` (and `%{` as `%%{`), since Terraform reads every string of a JSON configuration as a
 * template. Terraform hands the chart the unescaped text. Other values are unchanged (their tokens
 * are Terraform references on purpose).
 */
export function escapeOperatorTemplatesForTerraform(values: Record<string, any>): Record<string, any> {
  const templates = values.operator?.templates as Record<string, string> | undefined;
  if (!templates) return values;
  const escaped = Object.fromEntries(Object.entries(templates).map(([k, t]) => [k, t.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')]));
  return { ...values, operator: { ...values.operator, templates: escaped } };
}
