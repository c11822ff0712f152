/**
 * Copies of infra/ with a fault planted, for the tests that show a check failing. The faults are
 * edits of the real files, so the checks are proven on the real configuration; they live in the
 * tests as text, never as .tf files that `terraform fmt`/`validate` would trip over.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INFRA_DIR } from './schema';

/** One edit: `find` must occur exactly once in `file` (relative to infra/). */
export interface Edit {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

const copies: string[] = [];

/** A copy of infra/ (without its tests) with the edits applied; remove it with `removePlantedCopies`. */
export function plantInfra(...edits: Edit[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'infra-fault-')), 'infra');
  copies.push(dir);
  cpSync(INFRA_DIR, dir, { recursive: true, filter: (source) => !source.startsWith(join(INFRA_DIR, 'tests')) });
  for (const edit of edits) {
    const path = join(dir, edit.file);
    const text = readFileSync(path, 'utf8');
    const count = text.split(edit.find).length - 1;
    if (count !== 1) throw new Error(`the fault cannot be planted: ${JSON.stringify(edit.find)} occurs ${count} times in ${edit.file}`);
    writeFileSync(path, text.replace(edit.find, edit.replace));
  }
  return dir;
}

/** Deletes every copy `plantInfra` made in this test file (call it in afterAll). */
export function removePlantedCopies(): void {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}
