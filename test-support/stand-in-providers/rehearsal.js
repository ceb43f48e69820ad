'use strict';
// The rehearsal harness: a throwaway project folder whose cdktf.json runs this project's app,
// the real cdktf CLI and Terraform, the stand-in providers reattached, no network.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '../..');
const CDKTF = path.join(ROOT, 'node_modules', '.bin', 'cdktf');

/** Starts server.js in its own process; resolves once it printed the reattach JSON. */
function startServer(socketDir, logFile) {
  const child = spawn(process.execPath, [path.join(__dirname, 'server.js'), socketDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...(logFile ? { STAND_IN_LOG: logFile } : {}) },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, reattach: out.slice(0, nl) });
    });
    child.on('exit', (code) => reject(new Error(`stand-in server exited (${code}): ${err}`)));
  });
}

class Rehearsal {
  /** A project folder in a fresh temp directory (short: unix socket paths must stay under 108 bytes). */
  constructor(label) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `rh-${label}-`));
    this.project = path.join(this.dir, 'project');
    this.stateDir = path.join(this.dir, 'state');
    fs.mkdirSync(this.project);
    fs.mkdirSync(path.join(this.dir, 'empty-mirror'));
    fs.writeFileSync(path.join(this.project, 'cdktf.json'), JSON.stringify({
      language: 'typescript',
      app: `node --require ${path.join(ROOT, 'stacks/register.cjs')} ${path.join(ROOT, 'stacks/main.ts')}`,
      projectId: 'rehearsal',
      sendCrashReports: 'false',
      terraformProviders: [],
      terraformModules: [],
      context: {},
    }, null, 2));
    // An empty filesystem mirror as the only installation method: nothing can be downloaded.
    this.cliConfig = path.join(this.dir, 'cli.tfrc');
    fs.writeFileSync(this.cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${path.join(this.dir, 'empty-mirror')}"\n    include = ["*/*/*"]\n  }\n}\n`);
    this.logFile = path.join(this.dir, 'stand-in-calls.jsonl');
    this.vars = {};
    /** Wall time of every cdktf / terraform command run, in order: [label, seconds]. */
    this.timings = [];
  }

  async start() {
    const { child, reattach } = await startServer(path.join(this.dir, 's'), this.logFile);
    this.server = child;
    this.reattach = reattach;
    return this;
  }

  async stop() {
    if (this.server && this.server.exitCode === null) {
      const exited = new Promise((r) => this.server.once('exit', r));
      this.server.kill('SIGTERM');
      await exited;
    }
    if (!process.env.REHEARSAL_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Writes a deployments file into the project and makes it the active one. */
  useDeployments(fileName, yamlText) {
    this.deployments = path.join(this.project, fileName);
    fs.writeFileSync(this.deployments, yamlText);
  }

  env() {
    return {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
      TF_CLI_CONFIG_FILE: this.cliConfig,
      TF_REATTACH_PROVIDERS: this.reattach,
      TF_IN_AUTOMATION: '1',
      LANGSMITH_DEPLOYMENTS: this.deployments,
      LANGSMITH_QUIET: '1',
      FORCE_COLOR: '0',
      ...this.vars,
    };
  }

  /** Runs the real cdktf CLI in the project folder. */
  cdktf(...args) {
    // `terraform providers lock` asks the registry for every platform's checksums (it ignores
    // provider_installation); reattached providers have none. The only flag the rehearsal adds.
    const extra = ['deploy', 'diff', 'destroy', 'output'].includes(args[0]) ? ['--skip-provider-lock'] : [];
    const start = Date.now();
    const r = spawnSync(CDKTF, [...args, ...extra, '--no-color'], { cwd: this.project, env: this.env(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    this.timings.push([`cdktf ${args.join(' ')}`, (Date.now() - start) / 1000]);
    return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
  }

  stackDir(stack) {
    return path.join(this.project, 'cdktf.out', 'stacks', stack);
  }

  /** Runs terraform in a stack's working folder (the one cdktf uses). */
  terraform(stack, ...args) {
    const start = Date.now();
    const r = spawnSync('terraform', args, { cwd: this.stackDir(stack), env: this.env(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    this.timings.push([`terraform ${args[0]} (${stack})`, (Date.now() - start) / 1000]);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** Terraform's JSON of a saved plan (cdktf diff leaves it as `plan` in the stack folder). */
  showPlan(stack, planFile = 'plan') {
    const r = this.terraform(stack, 'show', '-json', planFile);
    if (r.status !== 0) throw new Error(`terraform show ${stack}/${planFile}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  /** Terraform's JSON of a stack's current state. */
  showState(stack) {
    const r = this.terraform(stack, 'show', '-json');
    if (r.status !== 0) throw new Error(`terraform show ${stack}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  /** `terraform plan -json` machine-readable messages (diagnostics, planned changes) of one stack. */
  planMessages(stack, ...args) {
    const r = this.terraform(stack, 'plan', '-input=false', '-json', ...args);
    const messages = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    return { status: r.status, messages, diagnostics: messages.filter((m) => m.type === 'diagnostic').map((m) => m.diagnostic) };
  }

  /** The synthesized configuration of a stack. */
  stackJson(stack) {
    return JSON.parse(fs.readFileSync(path.join(this.stackDir(stack), 'cdk.tf.json'), 'utf8'));
  }

  editStackJson(stack, edit) {
    const file = path.join(this.stackDir(stack), 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    edit(json);
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
  }

  /** Sets a dummy TF_VAR_* for every variable without a default (secrets a pipeline would supply). */
  supplyVariables(stacks) {
    for (const stack of stacks) {
      for (const [name, v] of Object.entries(this.stackJson(stack).variable || {})) {
        if (v.default === undefined) this.vars[`TF_VAR_${name}`] = `rehearsal-${name}`;
      }
    }
  }

  /** The timings as one line per command, with the load average, for the log of a run. */
  timingReport(label) {
    const total = this.timings.reduce((sum, [, sec]) => sum + sec, 0);
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
    return `${label}: ${total.toFixed(0)} s in ${this.timings.length} commands (load average now ${load})\n${this.timings.map(([c, sec]) => `  ${sec.toFixed(1).padStart(6)} s  ${c}`).join('\n')}\n`;
  }

  calls() {
    if (!fs.existsSync(this.logFile)) return [];
    return fs.readFileSync(this.logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }
}

/** Resource changes of a plan JSON as { address: actions.join('+') } for everything that is not a no-op. */
function changes(plan) {
  const out = {};
  for (const rc of plan.resource_changes || []) {
    const a = rc.change.actions.join('+');
    if (a !== 'no-op' && a !== 'read') out[rc.address] = a;
  }
  return out;
}

module.exports = { Rehearsal, changes, startServer, ROOT };
