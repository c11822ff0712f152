import { defineConfig } from 'tsup';
import { lambdaConfig } from '../../scripts/build/tsup-base';

// A Lambda bundle; see scripts/build/tsup-base.ts for what every fn-* shares.
export default defineConfig(lambdaConfig());
