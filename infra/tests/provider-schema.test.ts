/**
 * check-schema.mjs (unknown arguments and blocks, missing required ones, attributes a type does not
 * export, against hashicorp/aws 6.25) on infra/: from ../shared/terraform when it exists, else from
 * the copy vendored in infra/tests/provider-schema, so a clean clone in CI still runs it. The copy
 * must match ../shared whenever ../shared is there; `pnpm infra:schema` refreshes it.
 */
import { loadTerraformTree, type TerraformTree } from './lib/hcl';
import { INFRA_DIR, runSchemaCheck, schemaSource, sharedAvailable, SHARED_DIR, usedAwsTypes, VENDORED_DIR, vendoredCopyFindings } from './lib/schema';

const source = schemaSource();

let tree: TerraformTree;

beforeAll(async () => {
  // schemaSource() above has already failed the suite if neither copy exists (see planted-faults).
  if (source.label === 'vendored') console.warn(`../shared/terraform is absent (${SHARED_DIR}): the provider schema check runs the vendored copy in ${VENDORED_DIR}.`);
  tree = await loadTerraformTree(INFRA_DIR);
}, 120_000);

describe(`Provider schema check (check-schema.mjs from the ${source.label} copy: ${source.dir})`, () => {
  it(`reports 0 findings on infra/ against hashicorp/aws 6.25 (${source.label} checker and schema)`, () => {
    // Act
    const report = runSchemaCheck(source.dir, INFRA_DIR);
    // Assess
    expect(report.provider).toBe('6.25.0');
    expect(report.files).toBe(tree.files.length);
    expect(report.findings).toEqual([]);
    expect(report.exitCode).toBe(0);
  });

  it('reports 0 findings with the vendored copy alone too, as a clean clone without ../shared runs it', () => {
    // Act
    const report = runSchemaCheck(VENDORED_DIR, INFRA_DIR);
    // Assess
    expect(report.findings).toEqual([]);
    expect(report.files).toBe(tree.files.length);
  });

  it('has a vendored copy for clones without ../shared, holding every aws_* type infra/ uses', () => {
    // Assess
    expect(usedAwsTypes(tree).resource.length).toBeGreaterThan(20);
    expect(vendoredCopyFindings(tree, VENDORED_DIR)).toEqual([]);
  });

  (sharedAvailable() ? it : it.skip)('keeps the vendored copy identical to ../shared: the same checker byte for byte, the same entries for those types', () => {
    // Assess
    expect(vendoredCopyFindings(tree, VENDORED_DIR, SHARED_DIR)).toEqual([]);
  });
});
