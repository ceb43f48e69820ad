'use strict';
/**
 * The fast start of `npm run synth` and of the cdktf CLI's app command:
 *
 *   node --max-semi-space-size=8 --require ./stacks/register.cjs stacks/main.ts
 *
 * `--max-semi-space-size=8` halves V8's young generation (Node 20 defaults to 16 MB per
 * semi-space): a synth builds long-lived construct trees, so the smaller nursery costs no
 * measurable time and saves 10-20 MB of peak RSS (and removes occasional +60 MB peaks seen with
 * the default on the 2-core machine).
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
 * SHA-1 of (path, source), or for node_modules files of (path, size, mtime, install). The first
 * run writes it at exit (one pack file, ~23 MB for every cloud, ~0.2 s once); later runs skip
 * most of V8's parsing and lazy compilation (measured: -0.06 s of 0.47 s for one GCP
 * deployment, -0.13 s of 1.10 s for the 19 demos). Modules that use dynamic `import()` or start
 * with a hashbang are compiled by Node as usual, and so is everything under
 * --enable-source-maps / --inspect.
 *
 * Module resolutions into node_modules are remembered too, and cdktf's `archiver` loads only
 * when used (both below).
 *
 * Off switches: LANGSMITH_SYNTH_CACHE=off (no cache at all: transform, compile and resolve
 * every run); LANGSMITH_CODE_CACHE=off; LANGSMITH_RESOLVE_CACHE=off; LANGSMITH_LAZY_ARCHIVER=off;
 * another cache directory: LANGSMITH_SYNTH_CACHE=<dir>.
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

/** This checkout's node_modules, and the state npm left it in (its hidden lockfile, rewritten on every install). */
const NODE_MODULES = path.join(ROOT, 'node_modules');
const INSTALL_STAMP = (() => {
  try {
    const st = fs.statSync(path.join(NODE_MODULES, '.package-lock.json'));
    return `${st.mtimeMs}-${st.size}-${st.ino}`;
  } catch {
    return undefined; // installed without npm's hidden lockfile: the caches below key by content only
  }
})();
const inNodeModules = (f) => typeof f === 'string' && f.startsWith(NODE_MODULES + path.sep);

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
  /** Scripts compiled without usable cached data, with their keys: written at exit. */
  const toWrite = [];

  /**
   * The store: packs, each a `<id>.bin` of concatenated cached data and a `<id>.json` index of
   * [key, offset, length]. A run that compiled anything new writes one pack (two renames), not
   * one file per module: the first synth after `npm ci` writes ~520 entries, and per-file
   * writes cost it ~0.2 s more. A run reads an entry with one pread into a reused buffer (V8
   * reads cached data only while it compiles). At MAX_PACKS packs (edits add small ones), or
   * MAX_BYTES of them, the run deletes them all and writes one pack of everything it compiled.
   */
  const MAX_PACKS = 12;
  /** Or past this many bytes (one full pack of every cloud's bindings is ~23 MB). */
  const MAX_BYTES = 96 * 1024 * 1024;
  const index = new Map();
  try {
    const names = fs.readdirSync(V8_DIR);
    const packs = names.filter((n) => n.endsWith('.json'));
    const bytes = names.filter((n) => n.endsWith('.bin')).reduce((sum, n) => sum + fs.statSync(path.join(V8_DIR, n)).size, 0);
    if (packs.length >= MAX_PACKS || bytes > MAX_BYTES) {
      for (const n of names) fs.rmSync(path.join(V8_DIR, n), { force: true });
    } else {
      for (const name of packs) {
        try {
          const pack = { file: path.join(V8_DIR, `${name.slice(0, -'.json'.length)}.bin`), fd: undefined };
          for (const [key, offset, length] of JSON.parse(fs.readFileSync(path.join(V8_DIR, name), 'utf8'))) index.set(key, { pack, offset, length });
        } catch {
          // a damaged index only loses its pack
        }
      }
    }
  } catch {
    // no cache yet
  }

  let pool = Buffer.allocUnsafe(1 << 20);
  const readCodeCache = (key) => {
    const entry = index.get(key);
    if (!entry) return undefined;
    try {
      if (entry.pack.fd === undefined) entry.pack.fd = fs.openSync(entry.pack.file, 'r');
      if (entry.length > pool.length) pool = Buffer.allocUnsafe(entry.length);
      const n = fs.readSync(entry.pack.fd, pool, 0, entry.length, entry.offset);
      return n === entry.length ? pool.subarray(0, entry.length) : undefined;
    } catch {
      return undefined;
    }
  };

  /**
   * The cache key of a module. Hashing the source of every module cost ~10 ms for one
   * deployment and ~35 ms for the demos (20+ MB of provider bindings), so a file inside
   * node_modules is keyed by its path, size and mtime under the current install instead:
   * npm rewrites its lockfile whenever it changes node_modules, and a hand edit changes the
   * mtime. This project's own files, and installs without the hidden lockfile, hash the source.
   */
  const codeCacheKey = (filename, content) => {
    if (INSTALL_STAMP !== undefined && inNodeModules(filename)) {
      try {
        const st = fs.statSync(filename);
        return sha1(`${filename}\0${INSTALL_STAMP}\0${st.size}\0${st.mtimeMs}\0${content.length}`);
      } catch {
        // fall through to the content hash
      }
    }
    return sha1(`${filename}\0${content}`);
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
    const key = codeCacheKey(filename, content);
    const cachedData = readCodeCache(key);
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData });
    } catch {
      return originalCompile.call(this, content, filename);
    }
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push([script, key]);
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  // After the run, so the cache holds the functions the run compiled, not only the top level.
  process.once('exit', () => {
    if (toWrite.length === 0) return;
    const id = `${Date.now().toString(36)}-${process.pid}`;
    const bin = path.join(V8_DIR, `${id}.bin`);
    let fd;
    try {
      fs.mkdirSync(V8_DIR, { recursive: true });
      fd = fs.openSync(`${bin}.tmp`, 'w');
      const entries = [];
      let offset = 0;
      for (const [script, key] of toWrite) {
        const data = script.createCachedData();
        fs.writeSync(fd, data, 0, data.length, offset);
        entries.push([key, offset, data.length]);
        offset += data.length;
      }
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(`${bin}.tmp`, bin);
      // The index is written last: a pack without its index is never read.
      writeAtomic(path.join(V8_DIR, `${id}.json`), JSON.stringify(entries));
    } catch {
      // a cache that cannot be written only costs the next run's start-up
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(`${bin}.tmp`, { force: true });
    }
  });
}

/**
 * Module resolution cache. Resolving a module (stat calls, package.json reads, "exports"
 * maps) cost ~50 ms of a one-deployment synth here: 650 resolutions at ~80 us each; with the
 * cache, the 150 left (this project's own files, builtins) take ~10 ms. Resolutions whose answer
 * depends only on node_modules (a bare specifier, or a relative one from a file inside
 * node_modules) are kept in one JSON file keyed by the Node version and the state of
 * node_modules/.package-lock.json, which npm rewrites whenever it changes node_modules.
 * A cached answer is used only while its file exists. Relative requires between this
 * project's own files are always resolved by Node.
 * LANGSMITH_RESOLVE_CACHE=off turns it off (and so does LANGSMITH_SYNTH_CACHE=off).
 */
if (enabled && process.env.LANGSMITH_RESOLVE_CACHE !== 'off') {
  const stamp = INSTALL_STAMP; // without npm's hidden lockfile: resolve as Node does
  if (stamp !== undefined) {
    const file = path.join(CACHE_DIR, 'resolve', `${sha1(`${process.version}\0${ROOT}\0${stamp}`)}.json`);
    let known;
    try {
      known = new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8'))));
    } catch {
      known = new Map();
    }
    const learned = new Map();
    const originalResolve = Module._resolveFilename;
    Module._resolveFilename = function resolveCached(request, parent, isMain, options) {
      const cacheable = !isMain && options === undefined && parent && typeof parent.filename === 'string' && typeof request === 'string' &&
        !request.startsWith('node:') && !Module.isBuiltin(request) && (request[0] === '.' ? inNodeModules(parent.filename) : request[0] !== '/');
      if (!cacheable) return originalResolve.apply(this, arguments);
      const key = `${path.dirname(parent.filename)}\0${request}`;
      const hit = known.get(key);
      // A file removed by hand since (npm itself would have rewritten its lockfile): resolve again.
      if (hit !== undefined && fs.existsSync(hit)) return hit;
      const resolved = originalResolve.apply(this, arguments);
      if (inNodeModules(resolved)) learned.set(key, resolved);
      return resolved;
    };
    process.once('exit', () => {
      if (learned.size === 0) return;
      const all = Object.fromEntries(known);
      for (const [k, v] of learned) all[k] = v;
      writeAtomic(file, JSON.stringify(all));
    });
  }
}
