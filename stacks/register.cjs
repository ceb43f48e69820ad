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
 * Every CommonJS module (ours, cdktf, the provider bindings) is also compiled with a V8 code
 * cache kept under node_modules/.cache/cdktf-langsmith/v8/<node version, flags>/, keyed by the
 * SHA-1 of (path, source). The first run writes it at exit; later runs skip most of V8's
 * parsing and lazy compilation (measured: -0.06 s of 0.47 s for one GCP deployment, -0.13 s
 * of 1.10 s for the 19 demos). Modules that use dynamic `import()` or start with a hashbang
 * are compiled by Node as usual, and so is everything under --enable-source-maps / --inspect.
 *
 * Off switches: LANGSMITH_SYNTH_CACHE=off (no cache at all: transform and compile every run);
 * LANGSMITH_CODE_CACHE=off (only the V8 code cache off); another cache directory:
 * LANGSMITH_SYNTH_CACHE=<dir>.
 */
const Module = require('module');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const vm = require('vm');

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

const sha1 = typeof crypto.hash === 'function' ? (s) => crypto.hash('sha1', s) : (s) => crypto.createHash('sha1').update(s).digest('hex');

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


/**
 * cdktf's index loads `archiver` (and its ~90 modules) at start-up, only to zip a
 * TerraformAsset of type ARCHIVE, which this app never creates. The hook hands cdktf's file
 * helper a stand-in that loads the real archiver on first use, so an app that does zip an
 * asset still works. Measured: ~60 ms of every synth on the 2-core benchmark machine.
 * LANGSMITH_LAZY_ARCHIVER=off turns it off.
 */
if (process.env.LANGSMITH_LAZY_ARCHIVER !== 'off') {
  const CDKTF_FS = path.join('cdktf', 'lib', 'private', 'fs.js');
  const originalLoad = Module._load;
  Module._load = function loadLazily(request, parent, isMain) {
    if (request === 'archiver' && parent && typeof parent.filename === 'string' && parent.filename.endsWith(CDKTF_FS)) {
      let real;
      const load = () => real || (real = originalLoad.call(Module, request, parent, false));
      const standIn = function archiver(...args) {
        return load().apply(this, args);
      };
      return new Proxy(standIn, {
        get: (target, key) => (key === 'prototype' || key === 'name' || key === 'length' ? target[key] : load()[key]),
        has: (_target, key) => key in load(),
      });
    }
    return originalLoad.apply(this, arguments);
  };
}

/**
 * The V8 code cache (see the top of this file). Module.prototype._compile is replaced by one
 * that compiles the same wrapper Node uses (Module.wrap) as a vm.Script with the cached data,
 * and hands the module the same `require` Node would. Anything it cannot compile is left to
 * Node's own compiler, which then reports errors exactly as usual.
 */
const codeCacheOn =
  enabled &&
  process.env.LANGSMITH_CODE_CACHE !== 'off' &&
  typeof vm.Script.prototype.createCachedData === 'function' &&
  ![...process.execArgv, ...(process.env.NODE_OPTIONS || '').split(/\s+/)].some((a) => /^--(enable-source-maps|inspect|experimental-policy|experimental-permission)/.test(a));

if (codeCacheOn) {
  // V8 rejects cached data made under other flags: each node version and flag set has its own directory.
  const flags = sha1(`${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS || ''}`).slice(0, 8);
  const V8_DIR = path.join(CACHE_DIR, 'v8', `${process.version}-${process.arch}-${flags}`);
  const originalCompile = Module.prototype._compile;
  /** Scripts compiled without usable cached data: their cache is written at exit. */
  const toWrite = [];

  /**
   * Reads a cache file into one reused buffer: V8 reads cached data only while it compiles,
   * so one buffer serves every module and the run does not hold megabytes of garbage.
   */
  let pool = Buffer.allocUnsafe(1 << 20);
  const readCodeCache = (file) => {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
      const size = fs.fstatSync(fd).size;
      if (size > pool.length) pool = Buffer.allocUnsafe(size);
      const n = fs.readSync(fd, pool, 0, size, 0);
      return n === size ? pool.subarray(0, size) : undefined;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };

  const makeRequire = (mod) => {
    const require = function require(id) {
      return mod.require(id);
    };
    const resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.resolve = resolve;
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return require;
  };

  Module.prototype._compile = function compileWithCodeCache(content, filename) {
    if (typeof content !== 'string' || content.startsWith('#!') || content.includes('import(')) return originalCompile.call(this, content, filename);
    const file = path.join(V8_DIR, `${sha1(`${filename}\0${content}`)}.bin`);
    const cachedData = readCodeCache(file);
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData });
    } catch {
      return originalCompile.call(this, content, filename);
    }
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push([script, file]);
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  // After the run, so the cache holds the functions the run compiled, not only the top level.
  process.once('exit', () => {
    for (const [script, file] of toWrite) {
      try {
        writeAtomic(file, script.createCachedData());
      } catch {
        // a cache that cannot be written only costs the next run's start-up
      }
    }
  });
}
