/**
 * The validated deployments file, kept between runs of `npm run synth`.
 *
 * Parsing the YAML and validating it with the zod schema (stacks/config.ts) costs ~55 ms of
 * every synth on the 2-core benchmark machine, most of it loading zod: a fifth of the whole
 * run for one small deployment. `cdktf diff` and `cdktf deploy` synthesize the same file again
 * and again, so the app keeps the validated result (a v8-serialized copy, which keeps every
 * field as the validator returned it) under node_modules/.cache/cdktf-langsmith/config/, keyed
 * by the SHA-1 of the file's path and text, the source of every module the validation runs
 * (CONFIG_SOURCES) and the zod and yaml versions. Only a file that validated is kept: a bad file
 * is read and reported in full every time. An edited file, an edited validator or an upgraded
 * zod is a different key.
 *
 * Off switch: LANGSMITH_SYNTH_CACHE=off (shared with stacks/register.cjs); another cache
 * directory: LANGSMITH_SYNTH_CACHE=<dir>.
 */
import { createHash } from 'crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { deserialize, serialize } from 'v8';
import type { DeploymentConfig } from './config';

const ROOT = resolve(__dirname, '..');

/**
 * Every module the validation of a deployments file runs: stacks/config.ts and what it
 * imports, transitively (a test walks the imports and fails when this list misses one).
 */
export const CONFIG_SOURCES = [
  'stacks/config.ts',
  'stacks/clouds/aws-config.ts',
  'stacks/clouds/azure-config.ts',
  'stacks/clouds/gcp-config.ts',
  'lib/core/errors.ts',
  'lib/core/sizing.ts',
  'lib/core/kubernetes-versions.ts',
  'lib/core/validation.ts',
  'lib/aws/regions.ts',
  'lib/aws/sizing.ts',
  'lib/azure/regions.ts',
  'lib/gcp/regions.ts',
] as const;

/** Entries kept before the cache directory is emptied (each is a few KB). */
const MAX_ENTRIES = 64;

/** Packages whose version changes what validation returns. */
const CONFIG_PACKAGES = ['zod', 'yaml'] as const;

/** Options of {@link loadDeploymentsCached}; the defaults are the app's. */
export interface ConfigCacheOptions {
  /**
   * The cache directory, or 'off'.
   * @default LANGSMITH_SYNTH_CACHE when set, else node_modules/.cache/cdktf-langsmith
   */
  readonly cache?: string;
  /** The repository root CONFIG_SOURCES are relative to. @default the root of this checkout */
  readonly root?: string;
  /** Parses and validates the file's text on a miss. @default stacks/config.ts parseDeployments, loaded only then */
  readonly parse?: (text: string, file: string) => DeploymentConfig[];
}

/** The cache key of a deployments file: its path and text, the validator's sources, zod and yaml. */
export function configCacheKey(file: string, text: string, root = ROOT): string {
  const h = createHash('sha1');
  h.update(`${process.version}\0${resolve(file)}\0${text}\0`);
  for (const src of CONFIG_SOURCES) h.update(`${src}\0${readFileSync(join(root, src), 'utf8')}\0`);
  for (const pkg of CONFIG_PACKAGES) h.update(`${pkg}@${(JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`, { paths: [root] }), 'utf8')) as { version: string }).version}\0`);
  return h.digest('hex');
}

/**
 * Reads and validates a deployments file like `loadDeployments`, reusing the validated result
 * of an identical file from an earlier run (see the top of this file).
 */
export function loadDeploymentsCached(file: string, options: ConfigCacheOptions = {}): DeploymentConfig[] {
  const setting = options.cache ?? process.env.LANGSMITH_SYNTH_CACHE;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = () => require('./config') as typeof import('./config');
  const parse = options.parse ?? ((t: string, f: string) => config().parseDeployments(t, f));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return config().loadDeployments(file); // reports a missing or unreadable file
  }
  if (setting === 'off') return parse(text, file);
  const root = options.root ?? ROOT;
  const dir = join(setting ? resolve(setting) : join(root, 'node_modules', '.cache', 'cdktf-langsmith'), 'config');
  let entry: string | undefined;
  try {
    entry = join(dir, `${configCacheKey(file, text, root)}.bin`);
    return deserialize(readFileSync(entry) as unknown as Uint8Array) as DeploymentConfig[];
  } catch {
    // not cached yet (or a source could not be read: then nothing is cached)
  }
  const deployments = parse(text, file);
  if (entry) {
    try {
      mkdirSync(dir, { recursive: true });
      // Each edit of a file leaves an entry; past MAX_ENTRIES the directory starts over.
      const names = readdirSync(dir);
      if (names.length >= MAX_ENTRIES) for (const n of names) rmSync(join(dir, n), { force: true });
      const tmp = `${entry}.${process.pid}.tmp`;
      writeFileSync(tmp, serialize(deployments) as unknown as Uint8Array);
      renameSync(tmp, entry);
    } catch {
      // a read-only tree only loses the cache
    }
  }
  return deployments;
}
