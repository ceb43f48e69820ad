import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { stringify } from 'yaml';
import { buildApp } from '../stacks/app';
import { DeploymentConfig, validateDeployments } from '../stacks/config';

/** A synthesized stack as parsed JSON. */
export type StackJson = Record<string, any>;

/** Synthesizes one stack and parses it. */
export function synthJson(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of a type in a synthesized stack, by logical id. */
export function resourcesOf(json: StackJson, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type (fails when there is not exactly one). */
export function onlyResource(json: StackJson, type: string): any {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Validates deployments (raw objects, as in YAML) and builds them into a test app. */
export function buildDeployments(raw: Record<string, unknown>[]): { app: App; deployments: DeploymentConfig[]; stacks: ReturnType<typeof buildApp> } {
  const deployments = validateDeployments({ deployments: raw }, 'test.yaml');
  const app = Testing.app();
  const stacks = buildApp(app, deployments);
  return { app, deployments, stacks };
}

/** Writes a deployments file to a temp dir and returns its path. */
export function writeDeploymentsFile(content: unknown, raw = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'lsdeploy-'));
  const path = join(dir, 'deployments.yaml');
  writeFileSync(path, raw ? String(content) : stringify(content));
  return path;
}

/** The LangSmith chart values of a synthesized app stack. */
export function langsmithValues(json: StackJson): any {
  const releases = Object.values(resourcesOf(json, 'helm_release')).filter((r: any) => r.chart === 'langsmith');
  if (releases.length !== 1) throw new Error(`expected one langsmith release, found ${releases.length}`);
  return JSON.parse((releases[0] as any).values[0]);
}
