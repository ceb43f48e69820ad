/**
 * The app entry: `npm run synth` (or `cdktf synth|diff|deploy`, through cdktf.json).
 * Reads stacks/deployments.yaml, or the file named by LANGSMITH_DEPLOYMENTS.
 */
import { ConfigurationError } from '../lib/core/errors';
import { DEFAULT_DEPLOYMENTS_FILE, synthesize } from './app';
import { criticalPath, formatCriticalPath, stacksFromJson } from './critical-path';
import { readStackJson, summarize } from './summary';

/**
 * cdktf records a full stack trace for every token it creates, only to point at the line
 * that made a token when that token later fails to resolve. That is a third of this app's
 * synth time; the app turns it off (LANGSMITH_TOKEN_TRACES=1 turns it back on for debugging).
 * The library itself leaves cdktf alone; a cdktf without that module only makes synth slower.
 */
function disableTokenStackTraces(): void {
  if (process.env.LANGSMITH_TOKEN_TRACES) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const traces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
    traces.captureStackTrace = () => [];
  } catch {
    // another cdktf layout: synth is slower, not different
  }
}

/**
 * cdktf 0.21's TerraformOutput calls `util.isArray`, which Node.js 22 and 24 deprecate at run time
 * (DEP0044): every synth of a stack with outputs printed a DeprecationWarning on stderr, on Node 22+
 * only. It is the same function as `Array.isArray`; the app swaps it in so `npm run synth` prints the
 * same on Node 20, 22 and 24. The library itself leaves `util` alone.
 */
function quietCdktfDeprecations(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const util = require('util') as { isArray?: unknown };
  if (util.isArray !== Array.isArray) util.isArray = Array.isArray;
}

function main(): number {
  disableTokenStackTraces();
  quietCdktfDeprecations();
  const file = process.env.LANGSMITH_DEPLOYMENTS || DEFAULT_DEPLOYMENTS_FILE;
  const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
  try {
    const result = synthesize(file, outdir);
    const stacks = Object.values(result.stacks).flatMap((s) => [s.infra, s.app]).filter(Boolean).map((s) => s!.node.id);
    process.stdout.write(`Synthesized ${result.deployments.length} deployment(s), ${stacks.length} stack(s) into ${outdir}/\n`);
    if (!process.env.LANGSMITH_QUIET) {
      const path = (_d: unknown, jsons: Record<string, any>[]) => formatCriticalPath(criticalPath(stacksFromJson(jsons)));
      process.stdout.write(`${summarize(outdir, result.deployments, result.stacks, path, (id) => result.json[id] ?? readStackJson(outdir, id))}\n`);
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
