import { z } from 'zod';

/**
 * The `aws:` block of a deployment: settings only cloud: aws has. Every field optional with a
 * documented default; unknown fields are rejected like everywhere else in the file.
 */
export const awsConfigSchema = z.strictObject({});
