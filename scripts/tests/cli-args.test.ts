import { runBench } from '../../bench/run';
import { runImportCli } from '../import-history';
import { refreshUniverse } from '../refresh-universe';

describe('Scripts: pnpm import-trades and pnpm universe:refresh arguments', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, io: { out: (text: string) => lines.push(text), err: (text: string) => lines.push(`err: ${text}`) } };
  };

  it('accept pnpm\'s -- before --help, and print their usage', async () => {
    // Prepare
    const imported = capture();
    const refreshed = capture();

    // Act
    const importCode = await runImportCli(['--', '--help'], { out: imported.io.out });
    const refreshCode = refreshUniverse(['--', '--help'], refreshed.io);

    // Assess
    expect(importCode).toBe(0);
    expect(imported.lines.join('\n')).toContain('Usage: pnpm import-trades');
    expect(refreshCode).toBe(0);
    expect(refreshed.lines.join('\n')).toContain('Usage: pnpm universe:refresh');
  });

  it('universe:refresh explains a missing file name and an unknown option with an example', () => {
    // Prepare
    const missing = capture();
    const unknown = capture();

    // Act
    const missingCode = refreshUniverse([], missing.io);
    const unknownCode = refreshUniverse(['holdings.csv', '--output', 'x.json'], unknown.io);

    // Assess
    expect(missingCode).toBe(2);
    expect(missing.lines.join('\n')).toContain('err: Name the holdings CSV to read.');
    expect(unknownCode).toBe(2);
    expect(unknown.lines.join('\n')).toContain('err: Unknown option --output.');
    expect(unknown.lines.join('\n')).toContain('Example: pnpm universe:refresh');
  });

  it('pnpm bench prints its usage for --help and refuses an unknown option or a second filter, running no suite', async () => {
    // Prepare
    const help = capture();
    const unknown = capture();
    const two = capture();

    // Act
    const helpCode = await runBench(['--', '--help'], help.io);
    const unknownCode = await runBench(['--quick'], unknown.io);
    const twoCode = await runBench(['core', 'package'], two.io);

    // Assess
    expect(helpCode).toBe(0);
    expect(help.lines.join('\n')).toContain('Usage: pnpm bench [filter]');
    expect(unknownCode).toBe(2);
    expect(unknown.lines.join('\n')).toContain('err: Unknown option --quick.');
    expect(twoCode).toBe(2);
    expect(two.lines.join('\n')).toContain('err: One filter at most (got core package).');
  });
});
