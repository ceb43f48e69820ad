import { Testing } from 'cdktf';

// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();
process.env.CHECKPOINT_DISABLE = '1';
// Policy warnings of demo deployments are printed at every synth; tests that check the
// printing pass their own reporter.
process.env.LANGSMITH_POLICY_QUIET = '1';
