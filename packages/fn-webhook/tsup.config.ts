import { defineConfig } from 'tsup';
import { lambdaConfig } from '../../scripts/build/tsup-base';

// A Lambda bundle; see scripts/build/tsup-base.ts for what every fn-* shares. Two entries, built
// together so the code they share is in the zip once: index.js (handler index.handler, the webhook)
// and snapshot.js (snapshot.handler, the positions snapshot writer fed by the ledger's stream).
export default defineConfig(lambdaConfig({ entry: { index: 'src/index.ts', snapshot: 'src/snapshot-handler.ts' } }));
