import { COMMAND_CATALOGUE } from '@tradebot/core-domain';
import { commandMenu } from '../../src';

describe('Function: commandMenu', () => {
  it.each(['en', 'es'] as const)('lists every catalogue command in /help order within Telegram limits (%s)', (language) => {
    // Act
    const menu = commandMenu(language);

    // Assess
    expect(menu).toHaveLength(COMMAND_CATALOGUE.length);
    expect(new Set(menu.map((item) => item.command)).size).toBe(menu.length);
    menu.forEach((item, index) => {
      const entry = COMMAND_CATALOGUE[index]!;
      expect([entry.command, ...entry.aliases]).toContain(item.command);
      expect(item.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(item.description).toBe(entry.description[language]);
      expect(item.description.length).toBeGreaterThan(0);
      expect(item.description.length).toBeLessThanOrEqual(256);
    });
  });

  it('offers the Spanish word in the Spanish menu and the English one in the default menu', () => {
    // Act
    const en = commandMenu('en').map((item) => item.command);
    const es = commandMenu('es').map((item) => item.command);

    // Assess
    expect(en.slice(0, 4)).toEqual(['buy', 'sell', 'dividend', 'portfolio']);
    expect(es.slice(0, 4)).toEqual(['compro', 'vendo', 'dividendo', 'cartera']);
    expect(es).toContain('start');
  });
});
