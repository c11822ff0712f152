/**
 * infra/envs/prod as Terraform would expand it, for the tests that hold the scripts, the workflow
 * and the docs to what Terraform really creates: the same loader and evaluator infra/tests use,
 * with terraform.tfvars.example (account 123456789012, eu-west-1) and optional overrides.
 */
import { join } from 'node:path';
import { instantiateRoot, readTfvars, type ModuleInstance, type Value } from '../../../infra/tests/lib/evaluate';
import { loadTerraformTree, type TerraformTree } from '../../../infra/tests/lib/hcl';
import { INFRA_DIR } from '../../../infra/tests/lib/schema';

export const PROD_ROOT = 'envs/prod';
export const PROD_DIR = join(INFRA_DIR, PROD_ROOT);

/** The prod root of the infra/ tree at `infraDir` (a planted copy, or infra/ itself), expanded. */
export async function expandProd(options: { readonly infraDir?: string; readonly variables?: Record<string, Value> } = {}): Promise<{ tree: TerraformTree; root: ModuleInstance; variables: Map<string, Value> }> {
  const infraDir = options.infraDir ?? INFRA_DIR;
  const tree = await loadTerraformTree(infraDir);
  const variables = await readTfvars(join(infraDir, PROD_ROOT, 'terraform.tfvars.example'));
  for (const [key, value] of Object.entries(options.variables ?? {})) variables.set(key, value);
  return { tree, root: instantiateRoot(tree, PROD_ROOT, variables), variables };
}
