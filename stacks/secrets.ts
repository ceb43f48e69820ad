import { TerraformStack, TerraformVariable } from 'cdktf';

/**
 * User-supplied secrets enter as sensitive Terraform variables, set from the environment
 * (`TF_VAR_<name>`), never from the deployments file. Only a reference to the variable is
 * written into cdktf.out.
 */
export const SECRET_VARIABLES = {
  licenseKey: { name: 'langsmith_license_key', description: 'LangSmith license key (TF_VAR_langsmith_license_key).' },
  oauthClientSecret: { name: 'oauth_client_secret', description: 'OIDC client secret (TF_VAR_oauth_client_secret).' },
  postgresPassword: { name: 'postgres_password', description: 'Password of the external Postgres (TF_VAR_postgres_password).' },
  redisPassword: { name: 'redis_password', description: 'Password of the external Redis (TF_VAR_redis_password).' },
  clickhousePassword: { name: 'clickhouse_password', description: 'Password of the external / LangSmith-managed ClickHouse (TF_VAR_clickhouse_password).' },
  langsmithApiKey: { name: 'langsmith_api_key', description: 'LangSmith API key the agent server traces with (TF_VAR_langsmith_api_key).' },
} as const;

export type SecretVariableName = keyof typeof SECRET_VARIABLES;

/** A sensitive string variable; returns its token. */
export function secretVariable(stack: TerraformStack, which: SecretVariableName): string {
  const v = SECRET_VARIABLES[which];
  return new TerraformVariable(stack, v.name, { type: 'string', sensitive: true, nullable: false, description: v.description }).stringValue;
}
