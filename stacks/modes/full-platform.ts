import { TerraformStack } from 'cdktf';
import { Foundation } from '../../lib/core/contracts';
import { Keda } from '../../lib/k8s/keda';
import { DeploymentConfig } from '../config';
import { foundationAgentBackend } from '../../lib/k8s/langsmith-on-foundation';
import { addCloudAddOns, addLangSmith, edgeTls, resolveExposure } from './observability';

/**
 * The full platform: the observability mode plus LangSmith Deployments (control plane:
 * host backend, listener; data plane: the operator and the agent servers it creates), on the
 * same cluster. KEDA is installed after the cloud's add-ons and before LangSmith (the operator
 * autoscales agent servers with it).
 * The agent servers' own Postgres/Redis are provisioned in-cluster by the operator (the
 * chart's default for LangSmith Deployments); LangSmith itself uses the managed stores.
 */
export function buildFullPlatform(stack: TerraformStack, d: DeploymentConfig, f: Foundation): void {
  // KEDA creates Services: it waits for the cloud's add-ons like every release (the AWS load
  // balancer controller's Service webhook, failurePolicy Fail, refuses them until it is ready).
  const keda = new Keda(stack, 'Keda', { version: d.platform?.kedaVersion, dependsOn: addCloudAddOns(stack, f) });
  addLangSmith(stack, d, f, {
    watchNamespaces: d.platform?.watchNamespaces,
    tlsEnabled: edgeTls(d, f),
    // The cloud's settings for the agent Services the operator creates behind the same Ingress.
    ...foundationAgentBackend(f, resolveExposure(d, f), d.exposure.className),
  }, [keda.release]);
}
