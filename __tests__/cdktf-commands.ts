/**
 * The cdktf commands a document tells users to run, and whether cdktf 0.21 would find the stacks
 * they name. The selection rules are those of @cdktf/cli-core 0.21
 * (src/lib/helpers/stack-helpers.js: getSingleStack for `diff`, getMultipleStacks with minimatch
 * for `deploy` / `destroy` / `output`, then checkIfAllDependenciesAreIncluded for `deploy` and
 * checkIfAllDependantsAreIncluded for `destroy`), restated here because loading cli-core runs
 * `terraform version` at require time (seconds per test file).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const minimatch = require('minimatch') as (name: string, pattern: string) => boolean;

/** A synthesized stack as the cdktf CLI sees it (manifest.json). */
export interface StackInfo {
  readonly name: string;
  readonly dependencies: string[];
  readonly json: Record<string, any>;
}

/** One `cdktf <verb> ...` invocation found in a document. */
export interface CdktfCommand {
  readonly source: string;
  readonly line: string;
  readonly verb: string;
  /** Positional arguments after the verb (stack names or patterns). */
  readonly stacks: string[];
  readonly flags: string[];
}

/** Flags of cdktf 0.21 commands that take a value. */
const VALUE_FLAGS = new Set(['--var', '--var-file', '--output', '-o', '--app', '-a', '--parallelism', '--outputs-file', '--terraform-parallelism']);

/**
 * The cdktf commands of a Markdown document (shell lines of its fenced code blocks) or of a
 * GitHub Actions workflow (parsed YAML: every step's `run`, with the workflow's and job's `env`
 * substituted). `placeholders` replaces documentation placeholders such as `<name>`.
 */
export function cdktfCommands(source: string, content: string | Record<string, any>, placeholders: Record<string, string>): CdktfCommand[] {
  const lines: { line: string; env: Record<string, string> }[] = [];
  if (typeof content === 'string') {
    for (const block of content.matchAll(/```(?:bash|sh|shell|console)?\n([\s\S]*?)```/g)) for (const line of block[1].split('\n')) lines.push({ line, env: {} });
    // Commands given inline in the prose: code spans that start with `npx cdktf` (a bare `cdktf deploy`
    // in a sentence names the command, it is not a line to run).
    const prose = content.replace(/```[\s\S]*?```/g, '');
    for (const span of prose.matchAll(/`(npx cdktf [^`\n]+)`/g)) lines.push({ line: span[1], env: {} });
  } else {
    for (const job of Object.values((content.jobs ?? {}) as Record<string, any>)) {
      const env = { ...(content.env ?? {}), ...(job.env ?? {}) };
      for (const step of job.steps ?? []) {
        if (typeof step.run !== 'string') continue;
        for (const line of step.run.split('\n')) lines.push({ line, env: { ...env, ...(step.env ?? {}) } });
      }
    }
  }
  const out: CdktfCommand[] = [];
  for (const { line, env } of lines) {
    let text = line;
    for (const [k, v] of Object.entries(placeholders)) text = text.split(k).join(v);
    for (const segment of text.split(/&&|;|\|\|/)) {
      const words = shellWords(segment, env);
      const at = words.indexOf('cdktf');
      if (at < 0 || (at > 0 && words[at - 1] !== 'npx')) continue;
      const rest = words.slice(at + 1);
      const verb = rest.shift();
      if (!verb) continue;
      const stacks: string[] = [];
      const flags: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const w = rest[i];
        if (w.startsWith('-')) {
          flags.push(w);
          if (VALUE_FLAGS.has(w) && !w.includes('=')) flags.push(rest[++i]);
        } else stacks.push(w);
      }
      out.push({ source, line: line.trim(), verb, stacks, flags });
    }
  }
  return out;
}

/** Splits a shell line into words: quotes removed, `$VAR` / `${VAR}` substituted, a `#` comment dropped. */
function shellWords(line: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  const expand = (s: string): string => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a: string, b: string) => env[a ?? b] ?? m);
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else word += quote === '"' ? c : c.replace('$', '\u0000');
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '#' && !inWord) {
      break;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words.map((w) => expand(w).replace(/\u0000/g, '$'));
}

/** What cdktf 0.21 would refuse about the stacks a command names (empty when it would run). */
export function checkStackSelection(cmd: CdktfCommand, stacks: StackInfo[]): string[] {
  const where = `${cmd.source}: \`${cmd.line}\``;
  const all = stacks.map((s) => s.name).join(', ');
  switch (cmd.verb) {
    case 'diff':
    case 'plan': {
      if (cmd.stacks.length > 1) return [`${where}: cdktf ${cmd.verb} takes one stack, got ${cmd.stacks.length}`];
      const [name] = cmd.stacks;
      if (name === undefined) return stacks.length === 1 ? [] : [`${where}: Found more than one stack, please specify a target stack (${all})`];
      return stacks.some((s) => s.name === name) ? [] : [`${where}: Could not find stack: ${name} (cdktf ${cmd.verb} takes one exact stack name, no pattern; stacks: ${all})`];
    }
    case 'deploy':
    case 'apply':
    case 'destroy':
    case 'output':
    case 'outputs': {
      if (!cmd.stacks.length) return stacks.length === 1 ? [] : [`${where}: Found more than one stack, please specify a target stack (${all})`];
      const selected = new Map<string, StackInfo>();
      for (const pattern of cmd.stacks) {
        const matching = stacks.filter((s) => minimatch(s.name, pattern));
        if (!matching.length) return [`${where}: Could not find stack for pattern '${pattern}' (stacks: ${all})`];
        for (const s of matching) selected.set(s.name, s);
      }
      if (cmd.flags.includes('--ignore-missing-stack-dependencies')) return [];
      const problems: string[] = [];
      if (cmd.verb === 'deploy' || cmd.verb === 'apply') {
        for (const s of selected.values()) for (const d of s.dependencies) if (!selected.has(d)) problems.push(`${where}: ${s.name} depends on ${d}, which is not selected`);
      }
      if (cmd.verb === 'destroy') {
        for (const s of selected.values()) for (const other of stacks) if (other.dependencies.includes(s.name) && !selected.has(other.name)) problems.push(`${where}: ${other.name} depends on ${s.name}, which is destroyed without it`);
      }
      return problems;
    }
    default:
      return [];
  }
}
