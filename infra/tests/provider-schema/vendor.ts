/**
 * `pnpm infra:schema`: refreshes the vendored provider-schema check from ../shared/terraform, so CI's
 * clean clone (which has no ../shared) still checks infra/ against hashicorp/aws 6.25:
 * - check-schema.mjs, copied byte for byte;
 * - aws-provider-schema.json, only the entries of the aws_* types infra/ declares.
 * Run it after adding a resource or data type to infra/; the infra tests fail until you do.
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTerraformTree } from '../lib/hcl';
import { CHECKER, INFRA_DIR, readSchema, SCHEMA, schemaSubset, sharedAvailable, SHARED_DIR, subsetText, usedAwsTypes, VENDORED_DIR } from '../lib/schema';

async function main(): Promise<void> {
  if (!sharedAvailable()) {
    console.error(`${SHARED_DIR} has no ${CHECKER} and ${SCHEMA}: nothing to vendor from.`);
    process.exit(1);
  }
  const tree = await loadTerraformTree(INFRA_DIR);
  const broken = tree.files.filter((f) => f.parseError);
  if (broken.length) {
    console.error(`fix these files first:\n${broken.map((f) => `  ${f.rel}: ${f.parseError}`).join('\n')}`);
    process.exit(1);
  }
  const types = usedAwsTypes(tree);
  const subset = schemaSubset(readSchema(SHARED_DIR), types);
  writeFileSync(join(VENDORED_DIR, SCHEMA), subsetText(subset));
  // The shared checker is read-only; replace the copy rather than write through it.
  rmSync(join(VENDORED_DIR, CHECKER), { force: true });
  copyFileSync(join(SHARED_DIR, CHECKER), join(VENDORED_DIR, CHECKER));
  console.log(`vendored ${CHECKER} and the schema of ${types.resource.length} resource and ${types.data.length} data types (hashicorp/aws ${subset.provider.version}) into ${VENDORED_DIR}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
