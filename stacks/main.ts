/**
 * The app entry: `npm run synth` (or `cdktf synth|diff|deploy`, through cdktf.json).
 * Reads stacks/deployments.yaml, or the file named by LANGSMITH_DEPLOYMENTS.
 */
import { ConfigurationError } from '../lib/core/errors';
import { DEFAULT_DEPLOYMENTS_FILE, synthesize } from './app';
import { criticalPath, formatCriticalPath, stacksFromJson } from './critical-path';
import { summarize } from './summary';

function main(): number {
  const file = process.env.LANGSMITH_DEPLOYMENTS || DEFAULT_DEPLOYMENTS_FILE;
  const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
  try {
    const result = synthesize(file, outdir);
    const stacks = Object.values(result.stacks).flatMap((s) => [s.infra, s.app]).filter(Boolean).map((s) => s!.node.id);
    process.stdout.write(`Synthesized ${result.deployments.length} deployment(s), ${stacks.length} stack(s) into ${outdir}/\n`);
    if (!process.env.LANGSMITH_QUIET) {
      const path = (_d: unknown, jsons: Record<string, any>[]) => formatCriticalPath(criticalPath(stacksFromJson(jsons)));
      process.stdout.write(`${summarize(outdir, result.deployments, result.stacks, path)}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigurationError) {
      process.stderr.write(`Configuration error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main();
