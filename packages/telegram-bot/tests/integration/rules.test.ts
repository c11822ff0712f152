import { updateMayChangeData } from '../../src';
import { botStack, type BotStack } from '../helpers/bot-stack';

describe('Command: /rules', () => {
  let stack: BotStack;
  beforeAll(async () => {
    stack = await botStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  // config/rules.json read and written as raw bytes through the S3 REST API (the embedded s3rver
  // takes anonymous path-style requests), to hand the bot files it did not write.
  const url = (): string => `${stack.aws.s3Endpoint}/${stack.aws.bucket}/config/rules.json`;
  const putRaw = async (body: string): Promise<void> => {
    expect((await fetch(url(), { method: 'PUT', body })).status).toBe(200);
  };
  const getRaw = async (): Promise<string | null> => {
    const response = await fetch(url());
    return response.status === 404 ? null : response.text();
  };

  it('shows every rule in force and says they are the defaults when there is no config/rules.json', async () => {
    // Act
    const [text] = await stack.say('/rules');
    // Assess
    expect(text).toContain('All defaults: there is no config/rules.json yet.');
    expect(text).toMatch(/stopLossPct\s+8\n/);
    expect(text).toMatch(/maxTradeQuantity\s+1,000,000\n/);
    expect(text).toMatch(/analysis\n\s+time\s+08:00\n/);
    expect(text).toContain('Change one: /rules set stopLossPct 10');
    expect(await getRaw()).toBeNull();
  });

  it('validates, saves and confirms /rules set, storing only that rule, and shows it apart with its default', async () => {
    // Act
    const [saved] = await stack.say('/rules set stopLossPct 10');
    const [shown] = await stack.say('/rules');
    // Assess
    expect(saved).toBe('✅ stopLossPct is now 10 (it was 8; default 8). Saved in config/rules.json; it applies from your next message.');
    expect(JSON.parse((await getRaw())!)).toEqual({ stopLossPct: 10 });
    expect(shown).toContain('From config/rules.json: what you set there, the rest are defaults.');
    expect(shown).toMatch(/Set by you\nstopLossPct 10\nTheir defaults: stopLossPct 8\nDefaults\n/);
    expect(shown!.slice(shown!.indexOf('Defaults'), shown!.indexOf('Change one'))).not.toContain('stopLossPct');
  });

  it('refuses a value out of range with the field at fault, in the chat language, and writes nothing', async () => {
    // Prepare
    const before = await getRaw();
    // Act
    const [en] = await stack.say('/rules set stopLossPct 500');
    const [unknown] = await stack.say('/rules set stopLoss 5');
    await stack.putRules({ stopLossPct: 10, language: 'es' });
    const [es] = await stack.say('/reglas set scan.topN 0');
    await stack.putRules({ stopLossPct: 10 });
    // Assess
    expect(en).toBe('stopLossPct must be at most 100. Usage: /rules [set KEY VALUE|reset KEY...]\nExample: /rules set stopLossPct 8');
    expect(unknown).toContain('"stopLoss" is not a rule; send /rules to see them all.');
    expect(es).toBe('scan.topN debe ser mayor que 0. Uso: /reglas [set KEY VALUE|reset KEY...]\nEjemplo: /reglas set scan.topN 25');
    expect(await getRaw()).toBe(before);
  });

  it('returns one rule to its default with /rules reset, keeping the others, and writes nothing when there is nothing to reset', async () => {
    // Prepare
    await stack.putRules({ stopLossPct: 10, analysis: { wordLimit: 150 } });
    // Act
    const [reset] = await stack.say('/rules reset analysis.wordlimit');
    const afterReset = await getRaw();
    const [again] = await stack.say('/rules reset analysis.wordLimit takeProfitPct stopLos');
    // Assess
    expect(reset).toBe('✅ analysis.wordLimit is back to its default, 200.\nSaved in config/rules.json; it applies from your next message.');
    expect(JSON.parse(afterReset!)).toEqual({ stopLossPct: 10 });
    expect(again).toBe('Already at the default, nothing to change: analysis.wordLimit, takeProfitPct.\nNot rules (send /rules to see them): stopLos. Nothing was changed.');
    expect(await getRaw()).toBe(afterReset);
  });

  it('takes effect on the next message although the bot caches rules for 60 s', async () => {
    // Prepare: the production cache, warmed with English.
    stack.rebuild(() => ({ rulesCacheMs: 60_000 }));
    await stack.say('/help');
    // Act
    const [saved] = await stack.say('/rules set language es');
    const [help] = await stack.say('/help');
    const [back] = await stack.say('/reglas reset language');
    const [helpAgain] = await stack.say('/help');
    stack.rebuild(() => ({ rulesCacheMs: 0 }));
    // Assess: confirmed in the language now in force, and the very next message speaks it.
    expect(saved).toContain('✅ language vale ahora es (antes en; por defecto en).');
    expect(help).toContain('Comandos');
    expect(back).toContain('language is back to its default, en.');
    expect(helpAgain).toContain('Commands');
  });

  it('shows why an invalid file is not used and repairs it from the chat, keeping the valid rules', async () => {
    // Prepare
    const body = '{"stopLossPct": 500, "scan": {"topN": 40}, "typo": 1}';
    await putRaw(body);
    // Act
    const [shown] = await stack.say('/rules');
    const [refused] = await stack.say('/rules set takeProfitPct 30');
    const unchanged = await getRaw();
    const [repaired] = await stack.say('/rules reset stopLossPct typo');
    const [after] = await stack.say('/rules');
    // Assess
    expect(shown).toContain('⚠️ config/rules.json could not be read (stopLossPct: must be at most 100; typo: is not a rule): the defaults are in force.');
    expect(shown).toContain('/rules reset stopLossPct typo');
    expect(shown).toMatch(/stopLossPct\s+8\n/);
    expect(refused).toContain('Not saved: config/rules.json has problems (stopLossPct: must be at most 100; typo: is not a rule)');
    expect(refused).toContain('/rules reset stopLossPct typo');
    expect(unchanged).toBe(body);
    expect(repaired).toContain('stopLossPct is back to its default, 8.');
    expect(repaired).toContain('typo (not a rule) was removed from the file.');
    expect(JSON.parse((await getRaw())!)).toEqual({ scan: { topN: 40 } });
    expect(after).toMatch(/Set by you\nscan\n\s+topN 40\nTheir defaults: scan.topN 25\n/);
  });

  it('says a file that is not JSON cannot be read, and never overwrites it', async () => {
    // Prepare
    const body = '{"stopLossPct": 5,,}';
    await putRaw(body);
    // Act
    const [shown] = await stack.say('/rules');
    const [set] = await stack.say('/rules set stopLossPct 6');
    // Assess
    expect(shown).toMatch(/config\/rules\.json could not be read \(not valid JSON .*\): the defaults are in force\./);
    expect(set).toContain('config/rules.json cannot be read');
    expect(await getRaw()).toBe(body);
    await putRaw('{}');
  });

  it('is listed by /help in both languages and counts as a write for webhook idempotency', async () => {
    // Act
    const [en] = await stack.say('/help');
    await stack.putRules({ language: 'es' });
    const [es] = await stack.say('/ayuda');
    await stack.putRules({});
    // Assess
    expect(en).toContain('/rules · /reglas — Your trading rules and where they come from');
    expect(en).toContain('/rules set stopLossPct 10');
    expect(es).toContain('/rules · /reglas — Tus reglas de trading');
    const update = (text: string) => ({ update_id: 1, message: { text } });
    expect(updateMayChangeData(update('/rules set stopLossPct 10'))).toBe(true);
    expect(updateMayChangeData(update('/reglas reset stopLossPct'))).toBe(true);
    expect(updateMayChangeData(update('/rules'))).toBe(false);
  });
});
