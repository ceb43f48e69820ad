import { SIZE_PRESETS } from '../../lib/core/sizing';
import { KEDA_CHART } from '../../lib/k8s/keda';
import { LANGSMITH_CHART_VERSION } from '../../lib/k8s/langsmith-release';
import { LANGGRAPH_CLOUD_CHART_VERSION } from '../../lib/k8s/agent-server-release';
import { MODES } from '../../stacks/config';

type Mode = typeof MODES[number];

/**
 * Mermaid architecture diagrams per mode, generated from the same knowledge the stacks
 * use (the preset's component list, the pinned charts, which stores a mode gets). The
 * README embeds them; a test keeps the README equal to this output and checks the
 * diagrams against synthesized stacks.
 */
export function architectureDiagram(mode: Mode): string {
  const lines = ['flowchart LR', '  user([Users and SDKs]) --> edge[Ingress / Gateway<br/>TLS at the edge]'];
  const infra = [
    '  subgraph infra["&lt;name&gt;-infra (AWS / GCP / Azure)"]',
    '    nat[NAT gateway<br/>static egress IPs]',
    '    pg[(Managed Postgres)]',
    '    redis[(Managed Redis)]',
  ];
  if (mode === 'standalone') {
    lines.push(`  subgraph app["&lt;name&gt;-app: langgraph-cloud ${LANGGRAPH_CLOUD_CHART_VERSION}"]`, '    agent[agent server<br/>replicas >= 1, PDB]', '  end');
    lines.push(...infra, '  end');
    lines.push('  edge --> agent', '  agent --> pg', '  agent --> redis', '  agent -. optional traces .-> ls[(LangSmith endpoint)]', '  agent --> nat --> beacon[(beacon.langchain.com)]');
    return lines.join('\n');
  }
  const components = Object.keys(SIZE_PRESETS.dev.components);
  lines.push(`  subgraph app["&lt;name&gt;-app: langsmith ${LANGSMITH_CHART_VERSION}"]`);
  for (const c of components) lines.push(`    ${c}[${c}]`);
  if (mode === 'full-platform') {
    for (const c of Object.keys(SIZE_PRESETS.dev.deployments)) lines.push(`    ${c}[${c}]`);
    lines.push('    agents[agent servers<br/>created by the operator]');
  }
  lines.push('  end');
  if (mode === 'full-platform') lines.push(`  keda[KEDA ${KEDA_CHART.version}] --> agents`);
  lines.push(...infra, '    bucket[(Object storage<br/>workload identity)]', '  end');
  lines.push('  ch[(ClickHouse<br/>in-cluster, external, or LangSmith-managed<br/>over private link)]');
  lines.push('  edge --> frontend', '  frontend --> backend', '  frontend --> platformBackend');
  lines.push('  backend --> pg', '  backend --> redis', '  backend --> ch', '  backend --> bucket', '  platformBackend --> bucket', '  queue --> redis', '  ingestQueue --> ch');
  if (mode === 'full-platform') lines.push('  operator --> agents', '  listener --> hostBackend', '  edge --> agents');
  lines.push('  backend --> nat --> beacon[(beacon.langchain.com)]');
  return lines.join('\n');
}

/** The README block: one diagram per mode. */
export function diagramsMarkdown(): string {
  return MODES.map((m) => `**${m}**\n\n\`\`\`mermaid\n${architectureDiagram(m)}\n\`\`\``).join('\n\n');
}
