import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { checkNonEmpty, checkPattern } from '../core/validation';

/** Properties of {@link IrsaRole}. */
export interface IrsaRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/...`). */
  readonly oidcIssuerUrl: string;
  /** `system:serviceaccount:<namespace>:<name>` subjects allowed to assume the role; nothing else can. */
  readonly serviceAccountSubjects: string[];
  /** An inline policy document (JSON). @default - none */
  readonly policyJson?: string;
  /** AWS managed policies to attach. @default [] */
  readonly managedPolicyArns?: string[];
  /** @default - none */
  readonly description?: string;
}

/**
 * An IAM role for Kubernetes service accounts (IRSA): assumable only through the cluster's
 * OIDC provider, only with audience `sts.amazonaws.com` and only by the listed service
 * account subjects (exact `StringEquals`, no wildcards). Pods get short-lived credentials;
 * no static keys exist anywhere.
 */
export class IrsaRole extends Construct {
  public readonly role: IamRole;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    checkNonEmpty(this, 'serviceAccountSubjects', props.serviceAccountSubjects, 'service account subject');
    for (const s of props.serviceAccountSubjects) {
      checkPattern(this, 'serviceAccountSubjects', s, /^system:serviceaccount:[a-z0-9-]+:[a-z0-9.-]+$/, 'subjects such as system:serviceaccount:langsmith:langsmith-backend (no wildcards)');
    }
    const issuer = Fn.replace(props.oidcIssuerUrl, 'https://', '');
    const trust = new DataAwsIamPolicyDocument(this, 'Trust', {
      statement: [{
        effect: 'Allow',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [{ type: 'Federated', identifiers: [props.oidcProviderArn] }],
        condition: [
          { test: 'StringEquals', variable: `${issuer}:aud`, values: ['sts.amazonaws.com'] },
          { test: 'StringEquals', variable: `${issuer}:sub`, values: props.serviceAccountSubjects },
        ],
      }],
    });
    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    this.roleArn = this.role.arn;
    if (props.policyJson) new IamRolePolicy(this, 'Policy', { role: this.role.id, name: 'permissions', policy: props.policyJson });
    (props.managedPolicyArns ?? []).forEach((arn, i) => new IamRolePolicyAttachment(this, `Managed${i}`, { role: this.role.name, policyArn: arn }));
  }
}
