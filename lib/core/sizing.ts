/**
 * Sizing presets: dev | small | medium | large.
 *
 * Where the numbers come from:
 * - Pod replicas and requests for small/medium/large follow LangSmith's published scale
 *   guide (https://docs.langchain.com/langsmith/self-host-scale, LangSmith >= 0.13):
 *   small = "Low/Low" (5 users, 10 traces/s), medium = "Medium/Medium" (20 users,
 *   100 traces/s), large = "High/High" (50 users, 1000 traces/s). Per-pod requests are the
 *   guide's (frontend 0.5 CPU/1Gi, backend, platform backend and ingest queue 1 CPU/2Gi);
 *   limits are the chart's defaults (values.yaml of langsmith 0.16.11).
 * - dev follows the chart's `examples/lightweight_config.yaml` (every service 100-200m /
 *   500Mi, one replica): a single-node demo, never production.
 * - In-cluster ClickHouse: dev uses the official Terraform modules' "minimum" overlay
 *   (1 CPU/2Gi, limit 2/4Gi); small uses the guide's Low/Low 4 CPU/16Gi; medium and large
 *   request 12 CPU / 24Gi (the guide's Med/Med asks 16 CPU, which no 16-vCPU node can
 *   schedule: see {@link nodeFitProblems}); large is meant for LangSmith-managed or external
 *   replicated ClickHouse.
 * - Every pod of a preset must fit the node shape the preset gets on every cloud, after the
 *   system reservation and a daemonset budget ({@link nodeFitProblems}, tested per cloud).
 * - Managed Postgres: the guide's 2 vCPU / 8 GB for every pattern (more for large);
 *   managed Redis: guide's 8Gi (Low/Low), 13Gi (Med/Med), 26Gi (High/High).
 * - Nodes: the node shape follows the docs' Kubernetes minimum (one node with >= 4 vCPU / 16 GB
 *   allocatable for ClickHouse) and the official modules' presets (m5.xlarge minimum, m5.2xlarge
 *   dev, m5.4xlarge production); the node COUNT is not the preset's but derived from what runs
 *   ({@link clusterNodePool}): the preset's `min` is only the floor (1 for dev, 2 otherwise, to
 *   spread over zones) and `max` the autoscaler's ceiling.
 * The cloud folders translate vCPU/memory into their instance types.
 */
export type SizeName = 'dev' | 'small' | 'medium' | 'large';

/** All preset names, smallest first. */
export const SIZE_NAMES: readonly SizeName[] = ['dev', 'small', 'medium', 'large'];

/** CPU and memory as Kubernetes quantities. */
export interface ResourceQuantities {
  readonly cpu: string;
  readonly memory: string;
}

/** Replicas and resources of one chart component. */
export interface ComponentSize {
  readonly replicas: number;
  readonly requests: ResourceQuantities;
  readonly limits: ResourceQuantities;
}

/** An in-cluster stateful store (bundled ClickHouse, Postgres, Redis). */
export interface StoreSize {
  readonly requests: ResourceQuantities;
  readonly limits: ResourceQuantities;
  /** Persistent volume size. */
  readonly storage: string;
}

/** The LangSmith chart components a preset sizes (chart value keys). */
export type LangSmithComponent =
  | 'frontend' | 'backend' | 'platformBackend' | 'playground' | 'queue' | 'ingestQueue' | 'aceBackend';

/** A sizing preset. */
export interface SizePreset {
  readonly name: SizeName;
  /** Whether this preset is for demos only (in-cluster stores allowed, no HA). */
  readonly devOnly: boolean;
  readonly components: Readonly<Record<LangSmithComponent, ComponentSize>>;
  /** Control-plane components of the full platform (hostBackend, listener, operator). */
  readonly deployments: Readonly<Record<'hostBackend' | 'listener' | 'operator', ComponentSize>>;
  readonly inClusterClickhouse: StoreSize;
  readonly inClusterPostgres: StoreSize;
  readonly inClusterRedis: StoreSize;
  /** Standalone agent server: per-replica resources. */
  readonly agentServer: ComponentSize;
  /**
   * Each of the chart's agent features (Insights/Engine and Polly, on by default): its API
   * server, its queue worker, and the Postgres and Redis StatefulSets the chart bundles for it.
   */
  readonly agentFeatures: { readonly apiServer: ComponentSize; readonly queue: ComponentSize; readonly postgres: StoreSize; readonly redis: StoreSize };
  /**
   * Worker nodes, cloud-neutral; clouds map the shape to instance types. `min` is the floor of
   * the node count (which {@link clusterNodePool} derives from what runs) and `max` the
   * autoscaler's ceiling.
   */
  readonly nodes: { readonly vcpu: number; readonly memoryGiB: number; readonly min: number; readonly max: number; readonly zones: number };
  /** Managed Postgres. */
  readonly database: { readonly vcpu: number; readonly memoryGiB: number; readonly storageGiB: number; readonly highAvailability: boolean };
  /** Managed Redis. */
  readonly cache: { readonly memoryGiB: number; readonly highAvailability: boolean };
}

const q = (cpu: string, memory: string): ResourceQuantities => ({ cpu, memory });
const c = (replicas: number, req: ResourceQuantities, lim: ResourceQuantities): ComponentSize => ({ replicas, requests: req, limits: lim });

// Chart default limits (values.yaml langsmith 0.16.11).
const FRONTEND_LIM = q('1000m', '2Gi');
const SVC_LIM = q('2000m', '4Gi');
const PLAYGROUND_LIM = q('1000m', '8Gi');
const ACE_LIM = q('2000m', '4000Mi');
const DEV_REQ = q('100m', '500Mi');
const DEV_LIM = q('1000m', '2Gi');

const devComponents = {
  frontend: c(1, DEV_REQ, DEV_LIM),
  backend: c(1, q('200m', '500Mi'), DEV_LIM),
  platformBackend: c(1, DEV_REQ, DEV_LIM),
  playground: c(1, DEV_REQ, DEV_LIM),
  queue: c(1, q('200m', '500Mi'), DEV_LIM),
  ingestQueue: c(1, q('200m', '500Mi'), DEV_LIM),
  aceBackend: c(1, DEV_REQ, DEV_LIM),
};

function services(frontend: number, backend: number, platformBackend: number, ingestQueue: number, queue: number, playground: number, ace: number): SizePreset['components'] {
  return {
    frontend: c(frontend, q('500m', '1Gi'), FRONTEND_LIM),
    backend: c(backend, q('1000m', '2Gi'), SVC_LIM),
    platformBackend: c(platformBackend, q('1000m', '2Gi'), SVC_LIM),
    playground: c(playground, q('500m', '1Gi'), PLAYGROUND_LIM),
    queue: c(queue, q('1000m', '2Gi'), SVC_LIM),
    ingestQueue: c(ingestQueue, q('1000m', '2Gi'), SVC_LIM),
    aceBackend: c(ace, q('1000m', '2000Mi'), ACE_LIM),
  };
}

function deploymentsControlPlane(replicas: number): SizePreset['deployments'] {
  return {
    hostBackend: c(replicas, q('200m', '1000Mi'), q('1000m', '2Gi')),
    listener: c(replicas, q('1000m', '2Gi'), SVC_LIM),
    operator: c(1, q('1000m', '2Gi'), SVC_LIM),
  };
}

// Insights/Engine and Polly (agent-features/* in the chart): the chart ships them with no
// resources at all (values.yaml `resources: {}`), i.e. best-effort pods the scheduler
// cannot plan for. These are the figures of LangChain's lightweight example for dev, and
// one CPU-bound Python worker each otherwise.
const DEV_AGENT_FEATURES: SizePreset['agentFeatures'] = {
  apiServer: c(1, q('50m', '500Mi'), q('1000m', '2Gi')),
  queue: c(1, q('50m', '500Mi'), q('1000m', '2Gi')),
  postgres: { requests: q('50m', '256Mi'), limits: q('1000m', '1Gi'), storage: '8Gi' },
  redis: { requests: q('50m', '256Mi'), limits: q('500m', '1Gi'), storage: '2Gi' },
};
const AGENT_FEATURES: SizePreset['agentFeatures'] = {
  apiServer: c(1, q('500m', '1Gi'), q('2000m', '4Gi')),
  queue: c(1, q('500m', '1Gi'), q('2000m', '4Gi')),
  postgres: { requests: q('500m', '1Gi'), limits: q('2000m', '4Gi'), storage: '20Gi' },
  redis: { requests: q('250m', '512Mi'), limits: q('1000m', '2Gi'), storage: '8Gi' },
};

/** The presets. */
export const SIZE_PRESETS: Readonly<Record<SizeName, SizePreset>> = {
  dev: {
    name: 'dev',
    devOnly: true,
    components: devComponents,
    deployments: {
      hostBackend: c(1, DEV_REQ, DEV_LIM),
      listener: c(1, DEV_REQ, DEV_LIM),
      operator: c(1, DEV_REQ, DEV_LIM),
    },
    inClusterClickhouse: { requests: q('1000m', '2Gi'), limits: q('2000m', '4Gi'), storage: '50Gi' },
    inClusterPostgres: { requests: q('200m', '500Mi'), limits: q('1000m', '2Gi'), storage: '8Gi' },
    inClusterRedis: { requests: q('200m', '500Mi'), limits: q('1000m', '2Gi'), storage: '8Gi' },
    agentServer: c(1, q('500m', '1Gi'), q('1000m', '2Gi')),
    agentFeatures: DEV_AGENT_FEATURES,
    nodes: { vcpu: 4, memoryGiB: 16, min: 1, max: 2, zones: 1 },
    database: { vcpu: 2, memoryGiB: 4, storageGiB: 20, highAvailability: false },
    cache: { memoryGiB: 1, highAvailability: false },
  },
  small: {
    name: 'small',
    devOnly: false,
    components: services(1, 2, 3, 3, 1, 1, 1),
    deployments: deploymentsControlPlane(1),
    inClusterClickhouse: { requests: q('4000m', '16Gi'), limits: q('8000m', '32Gi'), storage: '100Gi' },
    inClusterPostgres: { requests: q('2000m', '8Gi'), limits: q('4000m', '16Gi'), storage: '8Gi' },
    inClusterRedis: { requests: q('2000m', '4Gi'), limits: q('4000m', '8Gi'), storage: '8Gi' },
    agentServer: c(2, q('1000m', '2Gi'), q('2000m', '4Gi')),
    agentFeatures: AGENT_FEATURES,
    nodes: { vcpu: 8, memoryGiB: 32, min: 2, max: 6, zones: 2 },
    database: { vcpu: 2, memoryGiB: 8, storageGiB: 50, highAvailability: true },
    cache: { memoryGiB: 8, highAvailability: true },
  },
  medium: {
    name: 'medium',
    devOnly: false,
    components: services(2, 16, 3, 6, 2, 1, 1),
    deployments: deploymentsControlPlane(2),
    // The guide's 16 CPU would not fit a 16-vCPU node (allocatable < 16): 12 requested, bursting to 16.
    inClusterClickhouse: { requests: q('12000m', '24Gi'), limits: q('16000m', '40Gi'), storage: '420Gi' },
    inClusterPostgres: { requests: q('2000m', '8Gi'), limits: q('4000m', '16Gi'), storage: '20Gi' },
    inClusterRedis: { requests: q('2000m', '13Gi'), limits: q('2000m', '13Gi'), storage: '20Gi' },
    agentServer: c(3, q('2000m', '4Gi'), q('4000m', '8Gi')),
    agentFeatures: AGENT_FEATURES,
    nodes: { vcpu: 16, memoryGiB: 64, min: 2, max: 10, zones: 3 },
    database: { vcpu: 4, memoryGiB: 16, storageGiB: 100, highAvailability: true },
    cache: { memoryGiB: 13, highAvailability: true },
  },
  large: {
    name: 'large',
    devOnly: false,
    components: services(4, 50, 20, 24, 6, 2, 2),
    deployments: deploymentsControlPlane(3),
    inClusterClickhouse: { requests: q('12000m', '24Gi'), limits: q('16000m', '48Gi'), storage: '1000Gi' },
    inClusterPostgres: { requests: q('2000m', '8Gi'), limits: q('4000m', '16Gi'), storage: '50Gi' },
    inClusterRedis: { requests: q('4000m', '26Gi'), limits: q('4000m', '26Gi'), storage: '50Gi' },
    agentServer: c(4, q('2000m', '4Gi'), q('4000m', '8Gi')),
    agentFeatures: AGENT_FEATURES,
    nodes: { vcpu: 16, memoryGiB: 64, min: 2, max: 20, zones: 3 },
    database: { vcpu: 8, memoryGiB: 32, storageGiB: 200, highAvailability: true },
    cache: { memoryGiB: 26, highAvailability: true },
  },
};

/** The preset for a size name. */
export function sizePreset(name: SizeName): SizePreset {
  return SIZE_PRESETS[name];
}

/** A pod's CPU (millicores) and memory (MiB) requests. */
export interface PodRequests {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** Parses a CPU quantity (`500m`, `2`) to millicores. */
export function cpuMillis(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

/** Parses a memory quantity (`500Mi`, `2Gi`) to MiB. */
export function memoryMiB(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|Ti)$/.exec(quantity);
  if (!m) throw new Error(`unsupported memory quantity ${quantity}`);
  return Number(m[1]) * ({ Mi: 1, Gi: 1024, Ti: 1024 * 1024 } as const)[m[2] as 'Mi' | 'Gi' | 'Ti'];
}

/**
 * What the node keeps for itself and its daemonsets, taken as the largest of the three clouds'
 * documented formulas so that one number holds everywhere:
 * - CPU: AKS's kube-reserved table (60m for the first core ... 260m at 16 cores, 420m at 32),
 *   above GKE's and EKS's 6% / 1% / 0.5% / 0.25% rule;
 * - memory: GKE's (25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the
 *   next 112, 2% above) plus the 100Mi hard eviction threshold, above EKS's
 *   11 MiB x max pods + 255 MiB and AKS's 20 MB x max pods + 50 MB;
 * - daemonsets: 500m CPU and 1 GiB per node (kube-proxy, the CNI and CSI node plugins, log and
 *   metrics agents of a managed cluster; EKS with the VPC CNI and the EBS CSI driver requests
 *   about 200m, GKE and AKS with their logging agents about 300-400m).
 */
export const DAEMONSET_BUDGET = { cpuMillis: 500, memoryMiB: 1024 } as const;

/** Allocatable CPU and memory of a node (after system reservation), before daemonsets. */
export function nodeAllocatable(vcpu: number, memoryGiB: number): { cpuMillis: number; memoryMiB: number } {
  const aksCpu: Record<number, number> = { 1: 60, 2: 100, 4: 140, 8: 180, 16: 260, 32: 420, 48: 580, 64: 740 };
  const gkeCpu = 60 + (vcpu > 1 ? 10 : 0) + Math.min(Math.max(vcpu - 2, 0), 2) * 5 + Math.max(vcpu - 4, 0) * 2.5;
  const reservedCpu = Math.max(aksCpu[vcpu] ?? gkeCpu * 2, gkeCpu);
  const gib = memoryGiB;
  const reservedGiB = 0.25 * Math.min(gib, 4) + 0.2 * Math.min(Math.max(gib - 4, 0), 4) + 0.1 * Math.min(Math.max(gib - 8, 0), 8)
    + 0.06 * Math.min(Math.max(gib - 16, 0), 112) + 0.02 * Math.max(gib - 128, 0);
  return { cpuMillis: vcpu * 1000 - reservedCpu, memoryMiB: memoryGiB * 1024 - reservedGiB * 1024 - 100 };
}

/** Every pod a preset sizes (chart services, LangSmith Deployments, in-cluster stores, agent features, the standalone agent server). */
export function presetPods(p: SizePreset): PodRequests[] {
  const pod = (name: string, r: ResourceQuantities): PodRequests => ({ name, cpuMillis: cpuMillis(r.cpu), memoryMiB: memoryMiB(r.memory) });
  return [
    ...Object.entries(p.components).map(([n, s]) => pod(n, s.requests)),
    ...Object.entries(p.deployments).map(([n, s]) => pod(n, s.requests)),
    pod('inClusterClickhouse', p.inClusterClickhouse.requests),
    pod('inClusterPostgres', p.inClusterPostgres.requests),
    pod('inClusterRedis', p.inClusterRedis.requests),
    pod('agentServer', p.agentServer.requests),
    ...Object.entries(p.agentFeatures).map(([n, s]) => pod(`agentFeatures.${n}`, s.requests)),
  ];
}

/**
 * The pods of a preset that could never be scheduled on a node of `vcpu` / `memoryGiB` (after the
 * system reservation and {@link DAEMONSET_BUDGET}), as readable lines; empty when all fit.
 */
export function nodeFitProblems(p: SizePreset, vcpu: number, memoryGiB: number): string[] {
  const a = nodeAllocatable(vcpu, memoryGiB);
  const cpu = a.cpuMillis - DAEMONSET_BUDGET.cpuMillis;
  const mem = a.memoryMiB - DAEMONSET_BUDGET.memoryMiB;
  return presetPods(p)
    .filter((pod) => pod.cpuMillis > cpu || pod.memoryMiB > mem)
    .map((pod) => `${p.name}: ${pod.name} requests ${pod.cpuMillis}m / ${pod.memoryMiB}Mi; a ${vcpu} vCPU / ${memoryGiB} GiB node has ${Math.floor(cpu)}m / ${Math.floor(mem)}Mi after reservations and daemonsets`);
}

/**
 * Cluster add-on Deployments (not daemonsets) every managed cluster runs, counted once per
 * cluster: CoreDNS (2 x 100m / 70Mi on EKS and AKS; kube-dns on GKE), metrics-server
 * (100m / 200Mi), the CSI controllers, the cloud's load balancer controller or GKE's system
 * Deployments, with rounding up.
 */
export const SYSTEM_DEPLOYMENTS_BUDGET = { cpuMillis: 500, memoryMiB: 1024 } as const;

/**
 * KEDA (full platform only): operator, metrics API server and admission webhooks, 100m / 100Mi
 * each in the kedacore chart's defaults, rounded up.
 */
export const KEDA_BUDGET = { cpuMillis: 300, memoryMiB: 384 } as const;

/** What runs on a cluster's nodes, so that the node pool is sized by it rather than by the largest case. */
export interface ClusterWorkload {
  /** A standalone agent server (no LangSmith services, no ClickHouse). @default false */
  readonly standalone?: boolean;
  /** ClickHouse runs in the cluster (not LangSmith-managed or external). Ignored for a standalone agent server. @default true */
  readonly inClusterClickHouse?: boolean;
  /** The full platform's control plane (host backend, listener, operator) and KEDA run too. @default false */
  readonly fullPlatform?: boolean;
  /**
   * Standalone agent server replicas and, with a HorizontalPodAutoscaler, its maximum.
   * @default - the preset's agent server replicas, no autoscaling
   */
  readonly agentServer?: { readonly replicas?: number; readonly minReplicas?: number; readonly maxReplicas?: number };
  /**
   * Full platform: agent deployments the operator will run, each assumed to be the preset's
   * agent server shape (its replicas x requests) plus one Postgres and one Redis of the
   * agent-feature size (the operator's `templates.db` StatefulSet and `templates.redis`).
   * Sized into the node pool's peak.
   * @default 1
   */
  readonly agentDeployments?: number;
}

/** Whether the cluster's node count follows its pods (GKE, AKS) or stays where Terraform puts it (EKS here). */
export interface NodePoolScaling {
  /**
   * A cluster autoscaler runs: the minimum holds the baseline and the maximum the peak. Without
   * one, the minimum (and desired) count must hold the peak.
   */
  readonly autoscaler: boolean;
}

/** Node shape of a standalone agent server's pool (outside dev): 4 vCPU / 16 GiB, enough for any preset's agent pod. */
export const STANDALONE_NODE = { vcpu: 4, memoryGiB: 16 } as const;

/**
 * The pods a workload runs with their requests (every replica), baseline or peak:
 * - LangSmith (observability, full platform): the chart services, Insights and Polly (API
 *   server, queue, Postgres, Redis each), ClickHouse when in-cluster, the full platform's control
 *   plane and KEDA; at the peak also the operator's agent deployments ({@link ClusterWorkload.agentDeployments});
 * - standalone: the agent server's replicas (its HPA maximum at the peak); its stores are managed;
 * - always the cluster's add-on Deployments ({@link SYSTEM_DEPLOYMENTS_BUDGET}).
 * Daemonsets are not pods here: they are per node ({@link DAEMONSET_BUDGET}).
 */
export function workloadPods(p: SizePreset, w: ClusterWorkload, peak: boolean): PodRequests[] {
  const pod = (name: string, r: ResourceQuantities): PodRequests => ({ name, cpuMillis: cpuMillis(r.cpu), memoryMiB: memoryMiB(r.memory) });
  const times = (n: number, name: string, r: ResourceQuantities): PodRequests[] => Array.from({ length: n }, (_, i) => pod(`${name}-${i}`, r));
  const pods: PodRequests[] = [{ name: 'system', ...SYSTEM_DEPLOYMENTS_BUDGET }];
  if (w.standalone) {
    // The HPA holds at least its minimum from the start, whatever the Deployment's replicas say.
    const replicas = Math.max(w.agentServer?.replicas ?? p.agentServer.replicas, w.agentServer?.minReplicas ?? 0);
    const n = peak ? Math.max(replicas, w.agentServer?.maxReplicas ?? replicas) : replicas;
    return [...pods, ...times(n, 'agentServer', p.agentServer.requests)];
  }
  for (const [name, s] of Object.entries(p.components)) pods.push(...times(s.replicas, name, s.requests));
  for (const product of ['insights', 'polly']) {
    for (const [name, s] of Object.entries(p.agentFeatures)) pods.push(pod(`${product}.${name}`, s.requests));
  }
  if (w.inClusterClickHouse ?? true) pods.push(pod('clickhouse', p.inClusterClickhouse.requests));
  if (w.fullPlatform) {
    for (const [name, s] of Object.entries(p.deployments)) pods.push(...times(s.replicas, name, s.requests));
    pods.push({ name: 'keda', ...KEDA_BUDGET });
    if (peak) {
      for (let i = 0; i < (w.agentDeployments ?? 1); i++) {
        pods.push(...times(p.agentServer.replicas, `agentDeployment${i}.apiServer`, p.agentServer.requests));
        pods.push(pod(`agentDeployment${i}.postgres`, p.agentFeatures.postgres.requests), pod(`agentDeployment${i}.redis`, p.agentFeatures.redis.requests));
      }
    }
  }
  return pods;
}

/**
 * Room for a rolling update, or undefined when none is needed: one more pod the size of the
 * largest pod (CPU and memory each the largest) of the workload's Deployments that run fewer than
 * 4 replicas at the peak. A Deployment's default strategy (maxSurge 25% rounded up,
 * maxUnavailable 25% rounded down; no Deployment the langsmith 0.16.11 and langgraph-cloud 0.3.2
 * charts render sets another) gives such a Deployment maxUnavailable 0: it starts a NEW pod before
 * it stops an old one, so a full pool leaves that pod Pending and the rollout stuck (a 2-replica
 * agent server of 2 CPU on two 4-vCPU nodes: every image update). From 4 replicas on it may stop
 * one first. StatefulSets (ClickHouse, the stores) are replaced in place. Only a pool without an
 * autoscaler needs this counted; with one, the autoscaler adds the node.
 */
export function rolloutSurgePod(p: SizePreset, w: ClusterWorkload): PodRequests | undefined {
  const ROLLS_IN_PLACE_FROM = 4;
  const deployments: [number, ResourceQuantities][] = [];
  if (w.standalone) {
    const replicas = Math.max(w.agentServer?.replicas ?? p.agentServer.replicas, w.agentServer?.minReplicas ?? 0);
    deployments.push([Math.max(replicas, w.agentServer?.maxReplicas ?? replicas), p.agentServer.requests]);
  } else {
    for (const s of Object.values(p.components)) deployments.push([s.replicas, s.requests]);
    deployments.push([p.agentFeatures.apiServer.replicas, p.agentFeatures.apiServer.requests], [p.agentFeatures.queue.replicas, p.agentFeatures.queue.requests]);
    if (w.fullPlatform) {
      for (const s of Object.values(p.deployments)) deployments.push([s.replicas, s.requests]);
      deployments.push([p.agentServer.replicas, p.agentServer.requests], [1, p.agentFeatures.redis.requests]);
    }
  }
  const surging = deployments.filter(([n]) => n > 0 && n < ROLLS_IN_PLACE_FROM).map(([, r]) => r);
  if (!surging.length) return undefined;
  return {
    name: 'rolloutSurge',
    cpuMillis: Math.max(...surging.map((r) => cpuMillis(r.cpu))),
    memoryMiB: Math.max(...surging.map((r) => memoryMiB(r.memory))),
  };
}

/** CPU and memory a node of this shape offers pods, after the system reservation and {@link DAEMONSET_BUDGET}. */
export function nodeCapacity(vcpu: number, memoryGiB: number): { cpuMillis: number; memoryMiB: number } {
  const a = nodeAllocatable(vcpu, memoryGiB);
  return { cpuMillis: a.cpuMillis - DAEMONSET_BUDGET.cpuMillis, memoryMiB: a.memoryMiB - DAEMONSET_BUDGET.memoryMiB };
}

/**
 * Whether `pods` can be placed on `nodes` nodes of a shape, first-fit decreasing (largest share
 * of a node first), as the scheduler places whole pods: the sum of requests fitting is not
 * enough when a large pod (ClickHouse) leaves a remainder no other pod fits in.
 */
export function podsFit(pods: readonly PodRequests[], nodes: number, vcpu: number, memoryGiB: number): boolean {
  const cap = nodeCapacity(vcpu, memoryGiB);
  const share = (x: PodRequests): number => Math.max(x.cpuMillis / cap.cpuMillis, x.memoryMiB / cap.memoryMiB);
  const free = Array.from({ length: nodes }, () => ({ ...cap }));
  for (const x of [...pods].sort((a, b) => share(b) - share(a) || a.name.localeCompare(b.name))) {
    const n = free.find((f) => f.cpuMillis >= x.cpuMillis && f.memoryMiB >= x.memoryMiB);
    if (!n) return false;
    n.cpuMillis -= x.cpuMillis;
    n.memoryMiB -= x.memoryMiB;
  }
  return true;
}

/** The fewest nodes of a shape that `pods` fit on ({@link podsFit}); throws when one pod fits no node. */
export function nodesFor(pods: readonly PodRequests[], vcpu: number, memoryGiB: number): number {
  const cap = nodeCapacity(vcpu, memoryGiB);
  const big = pods.find((x) => x.cpuMillis > cap.cpuMillis || x.memoryMiB > cap.memoryMiB);
  if (big) throw new Error(`${big.name} (${big.cpuMillis}m / ${big.memoryMiB}Mi) fits no ${vcpu} vCPU / ${memoryGiB} GiB node`);
  let n = 1;
  while (!podsFit(pods, n, vcpu, memoryGiB)) n++;
  return n;
}

/**
 * The node pool for a preset and what runs on it, the same rule on every cloud:
 * - shape: the preset's for LangSmith (its ClickHouse and services need it); for a standalone
 *   agent server outside dev {@link STANDALONE_NODE} (4 vCPU / 16 GiB) when its pod fits there;
 * - count: the fewest nodes the workload's pods fit on ({@link workloadPods}, {@link nodesFor}),
 *   never below the preset's floor (`nodes.min`: 1 for dev, 2 otherwise, one per zone at least);
 *   with an autoscaler the minimum holds the baseline and the maximum the peak (agent HPA
 *   maximum, the operator's agent deployments); without one the minimum holds the peak and
 *   room for a rolling update's extra pod ({@link rolloutSurgePod});
 * - maximum: the peak, and at least the preset's `nodes.max` (a ceiling costs nothing unused).
 */
export function clusterNodePool(p: SizePreset, w: ClusterWorkload, scaling: NodePoolScaling): SizePreset['nodes'] {
  const small = nodeCapacity(STANDALONE_NODE.vcpu, STANDALONE_NODE.memoryGiB);
  const agentFits = workloadPods(p, w, true).every((x) => x.cpuMillis <= small.cpuMillis && x.memoryMiB <= small.memoryMiB);
  const shape = w.standalone && !p.devOnly && agentFits ? STANDALONE_NODE : { vcpu: p.nodes.vcpu, memoryGiB: p.nodes.memoryGiB };
  const floor = p.nodes.min;
  const base = Math.max(floor, nodesFor(workloadPods(p, w, false), shape.vcpu, shape.memoryGiB));
  // Without an autoscaler nothing adds a node for a rolling update's extra pod: the peak keeps room for it.
  const surge = scaling.autoscaler ? undefined : rolloutSurgePod(p, w);
  const peakPods = [...workloadPods(p, w, true), ...(surge ? [surge] : [])];
  const peak = Math.max(floor, nodesFor(peakPods, shape.vcpu, shape.memoryGiB));
  const min = scaling.autoscaler ? base : peak;
  return { ...p.nodes, ...shape, min, max: Math.max(min, peak, p.nodes.max) };
}

/**
 * Memory (GiB) of the managed Redis a standalone agent server gets outside dev: its run queue,
 * stream and pub/sub channels, not LangSmith's trace ingest that the scale guide's 8 / 13 / 26 GiB
 * are for.
 */
export const STANDALONE_CACHE_GIB = 3;

/** The managed Redis a preset's workload gets: the preset's, or {@link STANDALONE_CACHE_GIB} for a standalone agent server outside dev. */
export function cacheFor(p: SizePreset, w: Pick<ClusterWorkload, 'standalone'>): SizePreset['cache'] {
  return w.standalone && !p.devOnly ? { ...p.cache, memoryGiB: Math.min(p.cache.memoryGiB, STANDALONE_CACHE_GIB) } : p.cache;
}
