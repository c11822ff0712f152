/**
 * check-schema.mjs (unknown arguments and blocks, missing required ones, attributes a type does not
 * export, against hashicorp/aws 6.25) on infra/: from ../shared/terraform when it exists, else from
 * the copy vendored in infra/tests/provider-schema, so a clean clone in CI still runs it. The copy
 * must match ../shared whenever ../shared is there; `pnpm infra:schema` refreshes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTerraformTree, type TerraformTree } from './lib/hcl';
import { CHECKER, INFRA_DIR, readSchema, runSchemaCheck, SCHEMA, schemaSource, schemaSubset, sharedAvailable, SHARED_DIR, subsetText, usedAwsTypes, VENDORED_DIR } from './lib/schema';

const source = schemaSource();
const REFRESH = 'run `pnpm infra:schema` (with ../shared present) and commit infra/tests/provider-schema';

let tree: TerraformTree;

beforeAll(async () => {
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

  it('has a vendored copy for clones without ../shared, holding every aws_* type infra/ uses', () => {
    // Prepare
    const vendored = readSchema(VENDORED_DIR);
    const used = usedAwsTypes(tree);
    // Act
    const missing = [...used.resource.filter((t) => !(t in vendored.resource)), ...used.data.filter((t) => !(t in vendored.data)).map((t) => `data.${t}`)];
    // Assess
    expect(existsSync(join(VENDORED_DIR, CHECKER))).toBe(true);
    expect(used.resource.length).toBeGreaterThan(20);
    expect({ missing, fix: missing.length ? REFRESH : '' }).toEqual({ missing: [], fix: '' });
  });

  (sharedAvailable() ? it : it.skip)('keeps the vendored copy identical to ../shared: the same checker byte for byte, the same entries for those types', () => {
    // Prepare
    const expected = subsetText(schemaSubset(readSchema(SHARED_DIR), usedAwsTypes(tree)));
    // Act
    const vendoredChecker = readFileSync(join(VENDORED_DIR, CHECKER));
    const vendoredSchema = readFileSync(join(VENDORED_DIR, SCHEMA), 'utf8');
    // Assess
    expect({ same: vendoredChecker.equals(readFileSync(join(SHARED_DIR, CHECKER))), fix: REFRESH }).toEqual({ same: true, fix: REFRESH });
    expect({ same: vendoredSchema === expected, fix: REFRESH }).toEqual({ same: true, fix: REFRESH });
  });

  it('says which copy ran, and fails rather than pass silently when neither exists', () => {
    // Assess: a bare clone without ../shared and without the vendored copy cannot check the schema
    expect(existsSync(join(source.dir, CHECKER)) && existsSync(join(source.dir, SCHEMA))).toBe(true);
    if (source.label === 'vendored') console.warn(`../shared/terraform is absent (${SHARED_DIR}): the provider schema check ran the vendored copy in ${VENDORED_DIR}.`);
  });
});
