'use strict';
/**
 * The fast start of `npm run synth` and of the cdktf CLI's app command:
 *
 *   node --require ./stacks/register.cjs stacks/main.ts
 *
 * `.ts` files are transformed by @swc/core (the transformer jest already uses here, same
 * options: TypeScript syntax, ES2022, CommonJS) and the result is cached under
 * node_modules/.cache/cdktf-langsmith/ts/ by the SHA-1 of (swc version, options, path,
 * source), so `npm ci` starts clean and git never sees it. A warm run never loads swc; a
 * changed file costs one transform. No type checking: `npm run lint` does that, as with tsx.
 *
 * Measured on the 2-core benchmark machine (stacks/bench/README.md): tsx costs ~0.4 s of
 * start-up and per-file transforms on every run; this hook costs a few ms warm.
 *
 * Off switch: LANGSMITH_SYNTH_CACHE=off (transform every run); another cache directory:
 * LANGSMITH_SYNTH_CACHE=<dir>.
 */
const Module = require('module');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const ROOT = path.resolve(__dirname, '..');
const setting = process.env.LANGSMITH_SYNTH_CACHE;
const enabled = setting !== 'off';
const CACHE_DIR = setting && setting !== 'off' ? path.resolve(setting) : path.join(ROOT, 'node_modules', '.cache', 'cdktf-langsmith');
const TS_DIR = path.join(CACHE_DIR, 'ts');

/** The swc options: those of jest.config.js (@swc/jest), plus CommonJS output and inline source maps. */
const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const sha1 = (s) => crypto.createHash('sha1').update(s).digest('hex');

/** Writes a cache file atomically; a failure only costs the cache, never the run. */
function writeAtomic(file, data) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch {
    // read-only tree or full disk: run uncached
  }
}

let swc;
let tsSalt;
function saltOfTs() {
  if (tsSalt === undefined) {
    let version = 'unknown';
    try {
      version = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@swc', 'core', 'package.json'), 'utf8')).version;
    } catch {
      // resolved below through require when transforming
    }
    tsSalt = `${version}\0${JSON.stringify(SWC_OPTIONS)}\0`;
  }
  return tsSalt;
}

Module._extensions['.ts'] = function loadTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = sha1(`${saltOfTs()}${filename}\0${source}`);
  const cached = path.join(TS_DIR, `${key}.js`);
  let js;
  if (enabled) {
    try {
      js = fs.readFileSync(cached, 'utf8');
    } catch {
      js = undefined;
    }
  }
  if (js === undefined) {
    swc = swc || require('@swc/core');
    js = swc.transformSync(source, { ...SWC_OPTIONS, filename }).code;
    if (enabled) writeAtomic(cached, js);
  }
  module._compile(js, filename);
};

