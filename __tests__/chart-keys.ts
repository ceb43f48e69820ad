import { valuePaths } from '../lib/k8s/langsmith-values';
import langsmithKeys from './fixtures/langsmith-0.16.11.keys.json';
import langgraphCloudKeys from './fixtures/langgraph-cloud-0.3.2.keys.json';

/**
 * Checks emitted Helm values against a chart's real key paths (fixtures derived from the
 * pinned charts' values.yaml by __tests__/fixtures/generate-chart-keys.ts). A path is valid
 * when the chart has it, or when it sits under a key whose default is an empty map or a
 * list (annotations, labels, extraEnv, ...).
 */
function checker(fixture: { keys: string[]; open: string[] }, verbatim: string[] = []) {
  const keys = new Set(fixture.keys);
  const open = new Set([...fixture.open, ...verbatim]);
  return (values: Record<string, any>): string[] =>
    valuePaths(values).filter((p) => {
      if (keys.has(p)) return false;
      const parts = p.split('.');
      for (let i = parts.length - 1; i > 0; i--) if (open.has(parts.slice(0, i).join('.'))) return false;
      return true;
    });
}

/** Value paths the langsmith 0.16.11 chart does not have. */
export const unknownLangSmithKeys = checker(langsmithKeys);
/** Value paths the langgraph-cloud 0.3.2 chart does not have. */
export const unknownLangGraphCloudKeys = checker(langgraphCloudKeys, [
  // Rendered whole with toYaml (templates/api-server/deployment.yaml:118-123): any probe handler is valid there.
  'apiServer.deployment.startupProbe', 'apiServer.deployment.readinessProbe', 'apiServer.deployment.livenessProbe',
]);
