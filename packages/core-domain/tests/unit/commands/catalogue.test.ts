import { COMMAND_CATALOGUE, catalogueEntry, findCommand } from '../../../src/commands/catalogue';
import { parseCommand } from '../../../src/commands/parse';

describe('Constant: COMMAND_CATALOGUE', () => {
  it('has exactly one entry per key and no command word used twice', () => {
    // Prepare
    const keys = COMMAND_CATALOGUE.map((e) => e.key);
    const words = COMMAND_CATALOGUE.flatMap((e) => [e.command, ...e.aliases]);
    // Assess
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(words).size).toBe(words.length);
    expect(keys).toEqual(['buy', 'sell', 'dividend', 'portfolio', 'balance', 'stats', 'performance', 'blacklist', 'tips', 'scan', 'chart', 'alert', 'alerts', 'rules', 'notify', 'lessons', 'export', 'undo', 'help', 'start']);
  });

  it('gives every command an example that the parser accepts, and text in English and Spanish', () => {
    for (const entry of COMMAND_CATALOGUE) {
      // Act
      const parsed = parseCommand(entry.example);
      // Assess
      expect(parsed.ok).toBe(true);
      expect(entry.description.en.length).toBeGreaterThan(5);
      expect(entry.description.es.length).toBeGreaterThan(5);
      expect(entry.usage.startsWith(`/${entry.command}`)).toBe(true);
    }
  });
});

describe('Function: findCommand', () => {
  it('finds a command by its Spanish alias in any case', () => {
    // Act / Assess
    expect(findCommand('COMPRO')?.key).toBe('buy');
    expect(findCommand('cartera')?.key).toBe('portfolio');
    expect(findCommand('nothing')).toBeUndefined();
    expect(catalogueEntry('sell').aliases).toEqual(['vendo']);
  });
});
