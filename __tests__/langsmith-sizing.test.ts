import { readFileSync } from 'fs';
import { join } from 'path';
import { cacheFor, ClusterWorkload, clusterNodePool, nodeCapacity, nodeFitProblems, PodRequests, podsFit, SIZE_NAMES, SizePreset, sizePreset, nodeAllocatable, DAEMONSET_BUDGET, STANDALONE_CACHE_GIB, rolloutSurgePod, workloadPods } from '../lib/core/sizing';
import { cacheNodeType, nodeInstanceType } from '../lib/aws/sizing';
import { memorystoreShape, nodeMachineType } from '../lib/gcp/sizing';
import { aksNodePool, aksVmSize, managedRedisSku } from '../lib/azure/sizing';
import { buildDeployments, demoOutdir, onlyResource, StackJson, synthJson } from './helpers';

/** vCPU / GiB of the node types the cloud helpers name (their published shapes). */
function awsShape(type: string): [number, number] {
  const m = /^(m5|r5|c5)\.(large|xlarge|(\d+)xlarge)$/.exec(type);
  if (!m) throw new Error(`unknown EC2 type ${type}`);
  const vcpu = m[2] === 'large' ? 2 : m[2] === 'xlarge' ? 4 : Number(m[3]) * 4;
  return [vcpu, vcpu * ({ m5: 4, r5: 8, c5: 2 } as const)[m[1] as 'm5' | 'r5' | 'c5']];
}
function gcpShape(type: string): [number, number] {
  let m = /^e2-(standard|highmem|highcpu)-(\d+)$/.exec(type);
  if (m) return [Number(m[2]), Number(m[2]) * ({ standard: 4, highmem: 8, highcpu: 1 } as const)[m[1] as 'standard' | 'highmem' | 'highcpu']];
  m = /^n2-custom-(\d+)-(\d+)$/.exec(type);
  if (m) return [Number(m[1]), Number(m[2]) / 1024];
  throw new Error(`unknown GCE type ${type}`);
}
function azureShape(type: string): [number, number] {
  const m = /^Standard_([DEF])(\d+)s_v[25]$/.exec(type);
  if (!m) throw new Error(`unknown Azure size ${type}`);
  return [Number(m[2]), Number(m[2]) * ({ D: 4, E: 8, F: 2 } as const)[m[1] as 'D' | 'E' | 'F']];
}

const CLOUDS: Record<string, (nodes: ReturnType<typeof sizePreset>['nodes']) => [string, [number, number]]> = {
  aws: (n) => { const t = nodeInstanceType(n); return [t, awsShape(t)]; },
  gcp: (n) => { const t = nodeMachineType(n); return [t, gcpShape(t)]; },
  azure: (n) => { const t = aksVmSize(n); return [t, azureShape(t)]; },
};

describe('every pod of every preset fits the node type that preset gets on every cloud', () => {
  for (const size of SIZE_NAMES) {
    for (const [cloud, shape] of Object.entries(CLOUDS)) {
      test(`${size} on ${cloud}`, () => {
        const preset = sizePreset(size);
        const [type, [vcpu, gib]] = shape(preset.nodes);
        expect({ type, problems: nodeFitProblems(preset, vcpu, gib) }).toEqual({ type, problems: [] });
      });
    }
  }

  test('the reservation model is the clouds\' own: a 16 vCPU / 64 GiB node leaves less than 16 CPU', () => {
    const a = nodeAllocatable(16, 64);
    expect(a.cpuMillis).toBe(16000 - 260);
    expect(a.cpuMillis - DAEMONSET_BUDGET.cpuMillis).toBeLessThan(16000);
    // The guide's 16-CPU ClickHouse (the old medium preset) is refused by the rule.
    expect(nodeFitProblems({ ...sizePreset('medium'), inClusterClickhouse: { ...sizePreset('medium').inClusterClickhouse, requests: { cpu: '16000m', memory: '24Gi' } } }, 16, 64))
      .toEqual([expect.stringContaining('inClusterClickhouse requests 16000m')]);
  });
});

/** What each cloud's foundation calls to size its node pool: EKS holds the peak (no autoscaler), GKE and AKS autoscale. */
const POOLS: Record<string, (p: SizePreset, w: ClusterWorkload) => SizePreset['nodes']> = {
  aws: (p, w) => clusterNodePool(p, w, { autoscaler: false }),
  gcp: (p, w) => clusterNodePool(p, w, { autoscaler: true }),
  azure: (p, w) => aksNodePool(p, w),
};
const AUTOSCALED: Record<string, boolean> = { aws: false, gcp: true, azure: true };
const WORKLOADS: [string, ClusterWorkload][] = [
  ['observability, in-cluster ClickHouse', { inClusterClickHouse: true }],
  ['observability, ClickHouse outside', { inClusterClickHouse: false }],
  ['full platform, in-cluster ClickHouse', { fullPlatform: true, inClusterClickHouse: true }],
  ['full platform, ClickHouse outside', { fullPlatform: true, inClusterClickHouse: false }],
  ['standalone', { standalone: true }],
  ['standalone with an HPA to 8', { standalone: true, agentServer: { replicas: 2, maxReplicas: 8 } }],
];
const total = (pods: PodRequests[]) => pods.reduce((a, x) => ({ cpuMillis: a.cpuMillis + x.cpuMillis, memoryMiB: a.memoryMiB + x.memoryMiB }), { cpuMillis: 0, memoryMiB: 0 });

describe('node pools are sized by what runs, the same rule on every cloud (lib/core/sizing.ts clusterNodePool)', () => {
  for (const size of SIZE_NAMES) {
    for (const [label, w] of WORKLOADS) {
      for (const [cloud, pool] of Object.entries(POOLS)) {
        test(`${size}, ${label}, ${cloud}: enough nodes, and one fewer would not be (above the floor)`, () => {
          const p = sizePreset(size);
          const nodes = pool(p, w);
          const [type, [vcpu, gib]] = CLOUDS[cloud](nodes);
          const cap = nodeCapacity(vcpu, gib);
          const floor = p.devOnly ? 1 : 2;
          const peak = workloadPods(p, w, true);
          // The minimum holds the baseline where an autoscaler adds nodes, else the peak and a rolling update's extra pod.
          const surge = rolloutSurgePod(p, w);
          const atMin = AUTOSCALED[cloud] ? workloadPods(p, w, false) : [...peak, ...(surge ? [surge] : [])];
          const need = total(atMin);
          expect({ type, min: nodes.min, cpu: nodes.min * cap.cpuMillis >= need.cpuMillis, memory: nodes.min * cap.memoryMiB >= need.memoryMiB, placed: podsFit(atMin, nodes.min, vcpu, gib) })
            .toEqual({ type, min: nodes.min, cpu: true, memory: true, placed: true });
          expect(nodes.min).toBeGreaterThanOrEqual(floor);
          if (nodes.min > floor) expect(podsFit(atMin, nodes.min - 1, vcpu, gib)).toBe(false);
          // The maximum holds the peak (HPA maximum, the operator's agent deployments).
          const needPeak = total(peak);
          expect(nodes.max * cap.cpuMillis >= needPeak.cpuMillis && nodes.max * cap.memoryMiB >= needPeak.memoryMiB && podsFit(peak, nodes.max, vcpu, gib)).toBe(true);
          expect(nodes.max).toBeGreaterThanOrEqual(nodes.min);
        });
      }
    }
  }

  test('LangSmith counts Insights and Polly (API server, queue, Postgres, Redis each), the add-ons, and KEDA and the agent deployments of the full platform', () => {
    const names = (w: ClusterWorkload, peak: boolean) => workloadPods(sizePreset('small'), w, peak).map((x) => x.name);
    expect(names({}, false)).toEqual(expect.arrayContaining(['system', 'clickhouse', 'insights.apiServer', 'insights.queue', 'insights.postgres', 'insights.redis', 'polly.apiServer', 'polly.queue', 'polly.postgres', 'polly.redis']));
    expect(names({ inClusterClickHouse: false }, false)).not.toContain('clickhouse');
    expect(names({ fullPlatform: true }, false)).toEqual(expect.arrayContaining(['keda', 'operator-0', 'listener-0', 'hostBackend-0']));
    expect(names({ fullPlatform: true }, false).filter((n) => n.startsWith('agentDeployment'))).toEqual([]);
    expect(names({ fullPlatform: true }, true)).toEqual(expect.arrayContaining(['agentDeployment0.apiServer-0', 'agentDeployment0.apiServer-1', 'agentDeployment0.postgres', 'agentDeployment0.redis']));
    expect(names({ standalone: true, agentServer: { replicas: 2, maxReplicas: 5 } }, true).filter((n) => n.startsWith('agentServer'))).toHaveLength(5);
  });

  test('a standalone agent server gets 4 vCPU / 16 GiB nodes outside dev; LangSmith keeps the preset\'s shape', () => {
    for (const size of ['small', 'medium', 'large'] as const) {
      expect(clusterNodePool(sizePreset(size), { standalone: true }, { autoscaler: true })).toMatchObject({ vcpu: 4, memoryGiB: 16 });
      expect(clusterNodePool(sizePreset(size), {}, { autoscaler: true })).toMatchObject({ vcpu: sizePreset(size).nodes.vcpu, memoryGiB: sizePreset(size).nodes.memoryGiB });
    }
  });

  test('the medium full platform with in-cluster ClickHouse needs four 16-vCPU nodes, not the old preset\'s six', () => {
    expect(clusterNodePool(sizePreset('medium'), { fullPlatform: true, inClusterClickHouse: true }, { autoscaler: false }).min).toBe(4);
  });

  test('without an autoscaler the pool keeps room for a rolling update\'s extra pod (maxSurge 1, maxUnavailable 0 below 4 replicas)', () => {
    // Medium standalone, the app's default 2 replicas of 2 CPU / 4 GiB: one per 4-vCPU node. Two
    // nodes hold them, but an image update starts a third pod first: it needs a third node on EKS.
    const w: ClusterWorkload = { standalone: true, agentServer: { replicas: 2 } };
    const p = sizePreset('medium');
    expect(rolloutSurgePod(p, w)).toEqual({ name: 'rolloutSurge', cpuMillis: 2000, memoryMiB: 4096 });
    expect(podsFit([...workloadPods(p, w, true), rolloutSurgePod(p, w)!], 2, 4, 16)).toBe(false);
    expect(clusterNodePool(p, w, { autoscaler: false }).min).toBe(3);
    // GKE and AKS: the autoscaler adds the node for the rollout; the minimum stays the baseline.
    expect(clusterNodePool(p, w, { autoscaler: true }).min).toBe(2);
    // From 4 replicas on, a rollout may stop an old pod first (maxUnavailable 1): no extra room.
    expect(rolloutSurgePod(sizePreset('small'), { standalone: true, agentServer: { replicas: 2, maxReplicas: 8 } })).toBeUndefined();
    // LangSmith: its 1-replica Deployments (frontend, queue, Insights/Polly) surge; the largest is 1 CPU / 2 GiB.
    expect(rolloutSurgePod(sizePreset('small'), {})).toEqual({ name: 'rolloutSurge', cpuMillis: 1000, memoryMiB: 2048 });
  });

  test('medium standalone on EKS through the deployments file: three m5.xlarge nodes for two 2-CPU replicas and a rollout', () => {
    const entry = { name: 'surge', mode: 'standalone', cloud: 'aws', region: 'us-west-2', size: 'medium', agentServer: { image: 'registry.example.com/acme/agent:1.0.0' } };
    const ng = onlyResource(synthJson(buildDeployments([entry]).stacks.surge.infra!), 'aws_eks_node_group');
    expect({ types: ng.instance_types, min: ng.scaling_config.min_size, desired: ng.scaling_config.desired_size }).toEqual({ types: ['m5.xlarge'], min: 3, desired: 3 });
  });

  test('platform.agentDeployments sizes the full platform\'s peak: EKS starts with room for that many agent deployments, GKE autoscales up to them', () => {
    const platform = (cloud: string, agentDeployments?: number) => ({
      name: `fp${cloud}${agentDeployments ?? ''}`, mode: 'full-platform', cloud, region: cloud === 'gcp' ? 'us-central1' : 'us-east-1', size: 'medium',
      ...(cloud === 'gcp' ? { project: 'acme-prod-123' } : {}), hostname: 'langsmith.example.com',
      ...(agentDeployments === undefined ? {} : { platform: { agentDeployments } }),
    });
    const infra = (entry: Record<string, unknown>) => synthJson(buildDeployments([entry]).stacks[entry.name as string].infra!);
    const p = sizePreset('medium');
    const eks = (n?: number) => onlyResource(infra(platform('aws', n)), 'aws_eks_node_group').scaling_config;
    expect(eks()).toMatchObject({ min_size: 4, desired_size: 4 });
    expect(eks(3)).toMatchObject({ min_size: 5, desired_size: 5 });
    // The default 4 nodes hold one agent deployment, not two (the second would be Pending on EKS); 5 hold three.
    expect(podsFit(workloadPods(p, { fullPlatform: true, agentDeployments: 1 }, true), 4, 16, 64)).toBe(true);
    expect(podsFit(workloadPods(p, { fullPlatform: true, agentDeployments: 2 }, true), 4, 16, 64)).toBe(false);
    expect(podsFit(workloadPods(p, { fullPlatform: true, agentDeployments: 3 }, true), 5, 16, 64)).toBe(true);
    const gke = (n?: number) => onlyResource(infra(platform('gcp', n)), 'google_container_node_pool').autoscaling;
    expect(gke()).toMatchObject({ total_min_node_count: 4, total_max_node_count: 10 });
    expect(gke(20)).toMatchObject({ total_min_node_count: 4, total_max_node_count: 13 });
  });

  test('an HPA\'s minimum above the replicas is the baseline (the HPA holds it from the start)', () => {
    const w: ClusterWorkload = { standalone: true, agentServer: { replicas: 2, minReplicas: 4, maxReplicas: 6 } };
    expect(workloadPods(sizePreset('medium'), w, false).filter((x) => x.name.startsWith('agentServer'))).toHaveLength(4);
    expect(clusterNodePool(sizePreset('medium'), w, { autoscaler: true }).min).toBe(4);
  });

  test('the standalone agent server\'s Redis is 3 GiB on every cloud outside dev', () => {
    expect(cacheFor(sizePreset('small'), { standalone: true })).toEqual({ memoryGiB: STANDALONE_CACHE_GIB, highAvailability: true });
    expect(cacheFor(sizePreset('dev'), { standalone: true })).toEqual(sizePreset('dev').cache);
    expect(cacheFor(sizePreset('small'), {})).toEqual(sizePreset('small').cache);
    expect(cacheNodeType(cacheFor(sizePreset('small'), { standalone: true }))).toBe('cache.m6g.large');
    expect(memorystoreShape(cacheFor(sizePreset('small'), { standalone: true }))).toEqual({ tier: 'STANDARD_HA', memorySizeGb: 3 });
    expect(managedRedisSku(cacheFor(sizePreset('small'), { standalone: true }))).toBe('Balanced_B3');
  });
});

describe('the demo deployments\' infra stacks, as Terraform reads them', () => {
  const infra = (name: string): StackJson => JSON.parse(readFileSync(join(demoOutdir(), 'stacks', `${name}-infra`, 'cdk.tf.json'), 'utf8'));
  const res = (json: StackJson, type: string): any[] => Object.values(json.resource?.[type] ?? {});

  test('aws-agent: three m5.xlarge nodes hold the HPA\'s 8 replicas of 1 CPU / 2 GiB (EKS does not autoscale); a 3 GiB cache; no EBS CSI driver', () => {
    const json = infra('aws-agent');
    const [ng] = res(json, 'aws_eks_node_group');
    expect({ types: ng.instance_types, scaling: ng.scaling_config }).toMatchObject({ types: ['m5.xlarge'], scaling: { min_size: 3, desired_size: 3 } });
    expect(res(json, 'aws_elasticache_replication_group')[0].node_type).toBe('cache.m6g.large');
    expect(res(json, 'aws_eks_addon').map((a) => a.addon_name)).not.toContain('aws-ebs-csi-driver');
    expect(res(json, 'aws_iam_role').map((r) => r.name)).not.toContain('aws-agent-ebs-csi');
  });

  test('the EBS CSI driver stays where volumes are: aws-platform (the operator\'s agent Postgres), aws-obs-dev (in-cluster ClickHouse)', () => {
    for (const name of ['aws-platform', 'aws-obs-dev']) {
      expect(res(infra(name), 'aws_eks_addon').map((a) => a.addon_name)).toContain('aws-ebs-csi-driver');
    }
  });

  test('gcp-agent: two e2-standard-4 nodes, a 3 GB STANDARD_HA Memorystore', () => {
    const json = infra('gcp-agent');
    const [pool] = res(json, 'google_container_node_pool');
    expect({ machine: pool.node_config.machine_type, min: pool.autoscaling.total_min_node_count }).toEqual({ machine: 'e2-standard-4', min: 2 });
    expect(res(json, 'google_redis_instance')[0]).toMatchObject({ tier: 'STANDARD_HA', memory_size_gb: 3 });
  });

  test('gcp-public-ch (medium, ClickHouse outside the cluster): three e2-standard-16 nodes to start, not six', () => {
    const [pool] = res(infra('gcp-public-ch'), 'google_container_node_pool');
    expect({ machine: pool.node_config.machine_type, min: pool.autoscaling.total_min_node_count, max: pool.autoscaling.total_max_node_count }).toEqual({ machine: 'e2-standard-16', min: 3, max: 10 });
  });
});
