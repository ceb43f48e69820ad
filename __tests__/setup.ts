import { Testing } from 'cdktf';

// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();
process.env.CHECKPOINT_DISABLE = '1';
