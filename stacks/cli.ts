#!/usr/bin/env node
/**
 * `cdktf-langsmith`: the app of this package, for a repository that holds only a deployments file.
 *
 *   cdktf.json   { "language": "typescript", "app": "npx cdktf-langsmith synth" }
 *   then         npx cdktf synth | diff <stack> | deploy <stack>
 *
 * Reads the file named by LANGSMITH_DEPLOYMENTS, else deployments.yaml (or deployments.yml) in
 * the current directory; writes to CDKTF_OUTDIR (set by the cdktf CLI), else cdktf.out. Runs the
 * JavaScript compiled by tsc (dist/stacks), so it needs no TypeScript tooling.
 */
import { existsSync } from 'fs';
import Module from 'module';
import { resolve } from 'path';

const USAGE = `usage: cdktf-langsmith [synth]

Synthesizes every deployment of the deployments file into cdktf.out (or CDKTF_OUTDIR).
The file: LANGSMITH_DEPLOYMENTS, else deployments.yaml in the current directory.
Call it from cdktf.json: { "language": "typescript", "app": "npx cdktf-langsmith synth" }
`;

/** The deployments file: LANGSMITH_DEPLOYMENTS, else deployments.yaml / .yml in `cwd`. */
export function deploymentsFile(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (env.LANGSMITH_DEPLOYMENTS) return env.LANGSMITH_DEPLOYMENTS;
  return ['deployments.yaml', 'deployments.yml'].map((f) => resolve(cwd, f)).find((f) => existsSync(f));
}

function run(argv: string[]): void {
  const [command = 'synth', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command !== 'synth' || rest.length) {
    process.stderr.write(`cdktf-langsmith: unknown arguments: ${argv.join(' ')}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const file = deploymentsFile(process.env, process.cwd());
  if (!file) {
    process.stderr.write(`Configuration error: no deployments file: set LANGSMITH_DEPLOYMENTS or add deployments.yaml to ${process.cwd()}\n`);
    process.exitCode = 1;
    return;
  }
  process.env.LANGSMITH_DEPLOYMENTS = file;
  // Node's own compile cache (Node >= 22.1); a no-op before.
  (Module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./main');
}

if (require.main === module) run(process.argv.slice(2));
