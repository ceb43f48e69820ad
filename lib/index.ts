/**
 * `cdktf-langsmith`: constructs that deploy self-hosted LangSmith with CDK for Terraform.
 *
 * This entry point is the cloud-neutral part: the contracts, presets, errors and policy
 * (`cdktf-langsmith/core`) and the Kubernetes layer (`cdktf-langsmith/k8s`). Each cloud's
 * constructs have their own entry point, so a one-cloud project loads (and installs) only
 * that cloud's provider bindings:
 *
 *   import { AwsLangSmithFoundation } from 'cdktf-langsmith/aws';
 *   import { GcpLangSmithFoundation } from 'cdktf-langsmith/gcp';
 *   import { AzureLangSmithFoundation } from 'cdktf-langsmith/azure';
 *
 * The exported names are listed in api/cdktf-langsmith.api.txt, which a test compares.
 */
export * from './core';
export * from './k8s';
