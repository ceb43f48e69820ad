import type { ClusterWorkload } from '../../lib/core/sizing';
import type { DeploymentConfig } from '../config';

/**
 * What a deployment runs on its cluster, for the foundations' node sizing and the standalone
 * agent server's smaller cache (lib/core/sizing.ts `clusterNodePool`, `cacheFor`): the mode,
 * where ClickHouse runs, and the agent server's replicas and HPA maximum.
 */
export function clusterWorkload(d: DeploymentConfig): Required<Pick<ClusterWorkload, 'standalone' | 'fullPlatform' | 'inClusterClickHouse'>> & Pick<ClusterWorkload, 'agentServer' | 'agentDeployments'> {
  return {
    standalone: d.mode === 'standalone',
    fullPlatform: d.mode === 'full-platform',
    inClusterClickHouse: d.mode !== 'standalone' && d.clickhouse.type === 'in-cluster',
    agentServer: d.agentServer ? { replicas: d.agentServer.replicas, minReplicas: d.agentServer.autoscaling?.minReplicas, maxReplicas: d.agentServer.autoscaling?.maxReplicas } : undefined,
    agentDeployments: d.platform?.agentDeployments,
  };
}
