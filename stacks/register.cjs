'use strict';
/**
 * Runs the app from its TypeScript sources in this repository (`npm run synth`, and the cdktf
 * CLI through cdktf.json):
 *
 *   node --require ./stacks/register.cjs stacks/main.ts
 *
 * It only transforms `.ts` to CommonJS with @swc/core (the transformer jest uses here, same
 * options), without type checking (`npm run lint` does that). Nothing is cached by this file;
 * on Node >= 22.1 Node's own compile cache (`module.enableCompileCache`) is turned on.
 *
 * @swc/core is a dev dependency: this hook is for working on this repository. The published
 * package runs the app compiled by tsc (`npx cdktf-langsmith synth`, dist/stacks/cli.js), which
 * needs no transformer.
 */
const Module = require('module');

if (typeof Module.enableCompileCache === 'function') Module.enableCompileCache();

let swc;
try {
  swc = require('@swc/core');
} catch {
  throw new Error(
    'stacks/register.cjs needs the dev dependency @swc/core: run `npm ci` (with dev dependencies). ' +
      'Without them, run the compiled app: `npm run build` in a full install, or `npx cdktf-langsmith synth` from the package.',
  );
}

const OPTIONS = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

require.extensions['.ts'] = function loadTs(module, filename) {
  const source = require('fs').readFileSync(filename, 'utf8');
  module._compile(swc.transformSync(source, { ...OPTIONS, filename }).code, filename);
};
