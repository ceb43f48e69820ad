/**
 * The offline deploy rehearsal: for one deployment per cloud and mode, the real cdktf CLI
 * deploys both stacks with real Terraform against the stand-in providers, then outputs, diffs,
 * deploys again (no changes), diffs a size change, is refused a destroy by prevent_destroy, and
 * deploys another deployments file. Assertions read Terraform's own JSON (plan, state).
 * The steps are in rehearse.ts; other test files rehearse other deployments in parallel.
 */
import { backend, rehearse, type Deployment } from './rehearse';

export const CASES: Record<string, Deployment> = {
  'demo-k8s-obs': (r, size) => `deployments:
  - name: demo-k8s-obs
    mode: observability
    cloud: kubernetes
    size: ${size}
    kubernetes: { kubeconfigPath: ~/.kube/config, context: kind-langsmith }
    # External stores at every size: outside dev the loader requires them on cloud: kubernetes.
    postgres: { host: ls-pg.databases.svc.cluster.local, database: langsmith, user: langsmith }
    redis: { host: ls-redis.databases.svc.cluster.local }
${backend(r)}`,
  'aws-obs-dev': (r, size) => `deployments:
  - name: aws-obs-dev
    mode: observability
    cloud: aws
    region: us-east-1
    size: ${size}
    clickhouse: { type: in-cluster }
${backend(r)}`,
};

rehearse('demo-k8s-obs', CASES['demo-k8s-obs'], ['dev', 'small']);
rehearse('aws-obs-dev', CASES['aws-obs-dev'], ['dev', 'small']);
