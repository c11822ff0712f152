import { isCalendarDate, isCommandText, parseCommand } from '../../../src/commands/parse';
import { UsageErrorCode, type Command, type UsageError } from '../../../src/types/commands';

function parsed(text: string, opts?: Parameters<typeof parseCommand>[1]): Command {
  const result = parseCommand(text, opts);
  if (!result.ok) throw new Error(`expected ${text} to parse, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function refused(text: string, opts?: Parameters<typeof parseCommand>[1]): UsageError {
  const result = parseCommand(text, opts);
  if (result.ok) throw new Error(`expected ${text} to be refused, got ${JSON.stringify(result.value)}`);
  return result.error;
}

function tradeOf(text: string, opts?: Parameters<typeof parseCommand>[1]) {
  const command = parsed(text, opts);
  if (command.name !== 'trade') throw new Error(`not a trade: ${command.name}`);
  return { ...command, quantity: command.quantity.toFixed(), price: command.price.toFixed(), fees: command.fees.toFixed() };
}

describe('Function: parseCommand', () => {
  describe('trades', () => {
    it('reads a buy with a decimal point and defaults the fees to 0 and the date to none', () => {
      // Act
      const trade = tradeOf('/buy AAPL 10 182.50');
      // Assess
      expect(trade).toEqual({ name: 'trade', side: 'buy', symbol: 'AAPL', quantity: '10', price: '182.5', fees: '0' });
    });

    it('reads the Spanish /compro with a decimal comma, fees and a date', () => {
      // Act
      const trade = tradeOf('/compro san.mc 100 3,85 2,5 2024-02-29');
      // Assess
      expect(trade).toEqual({ name: 'trade', side: 'buy', symbol: 'SAN.MC', quantity: '100', price: '3.85', fees: '2.5', date: '2024-02-29' });
    });

    it('reads a sale with /vendo and /sell, fractional shares and a date without fees', () => {
      // Act
      const vendo = tradeOf('/vendo BRK.B 0,5 410 2024-01-05');
      const sell = tradeOf('/SELL@tradebot_bot msft 2.25 400.10 1');
      // Assess
      expect(vendo).toEqual({ name: 'trade', side: 'sell', symbol: 'BRK-B', quantity: '0.5', price: '410', fees: '0', date: '2024-01-05' });
      expect(sell).toMatchObject({ side: 'sell', symbol: 'MSFT', quantity: '2.25', price: '400.1', fees: '1' });
    });

    it('accepts zero fees but refuses negative or malformed numbers', () => {
      // Act / Assess
      expect(tradeOf('/buy AAPL 1 1 0').fees).toBe('0');
      expect(refused('/buy AAPL -1 182.50').code).toBe('BAD_NUMBER');
      expect(refused('/buy AAPL 0 182.50').code).toBe('BAD_NUMBER');
      expect(refused('/buy AAPL 10 0').code).toBe('BAD_NUMBER');
      expect(refused('/buy AAPL 10 1.000,50').code).toBe('BAD_NUMBER');
      expect(refused('/buy AAPL 10 1e3').code).toBe('BAD_NUMBER');
      expect(refused('/buy AAPL 10 182.50 -1').code).toBe('BAD_NUMBER');
      expect(refused('/buy AAPL ten 182.50').code).toBe('BAD_NUMBER');
    });

    it('refuses dates that are not on the calendar, in another format, in the future, or not last', () => {
      // Act / Assess
      expect(refused('/buy AAPL 10 182.50 2023-02-29').code).toBe('BAD_DATE');
      expect(refused('/buy AAPL 10 182.50 1 2024-13-01').code).toBe('BAD_DATE');
      expect(refused('/buy AAPL 10 182.50 15/03/2024').code).toBe('BAD_DATE');
      expect(refused('/buy AAPL 10 182.50 2024-03-15 1').code).toBe('BAD_DATE');
      expect(refused('/buy AAPL 10 182.50 1 2').code).toBe('BAD_DATE');
      expect(refused('/buy AAPL 10 182.50 2030-01-02', { today: '2030-01-01' }).code).toBe('BAD_DATE');
      expect(tradeOf('/buy AAPL 10 182.50 2030-01-01', { today: '2030-01-01' }).date).toBe('2030-01-01');
    });

    it('names what is missing and shows one example spelt with the word the user typed', () => {
      // Act
      const error = refused('/compro AAPL 10');
      // Assess
      expect(error).toMatchObject({ code: 'MISSING_ARGUMENT', command: 'compro', example: '/compro AAPL 10 182.50' });
      expect(error.message).toContain('a price');
      expect(refused('/sell').example).toBe('/sell AAPL 5 190.25 1.50');
    });

    it('gives quantities an example of a quantity, not of a price', () => {
      // Act
      const en = refused('/buy AAPL ten 182.50');
      const es = refused('/compro AAPL diez 182,50', { language: 'es' });
      // Assess
      expect(en.message).toContain('The quantity "ten" must be a number greater than 0, such as 10 or 0,5.');
      expect(es.message).toContain('La cantidad "diez" debe ser un número mayor que 0, como 10 o 0,5.');
      expect(en.message).not.toContain('182');
    });

    it('says how to write a number typed with an exponent or thousands separators', () => {
      // Act
      const exponent = refused('/buy AAPL 1e9 182.50');
      const exponentEs = refused('/compro AAPL 10 1,5e2', { language: 'es' });
      const grouped = refused('/buy AAPL 10 1.000,50');
      // Assess
      expect(exponent.message).toContain('Write it out without an exponent: 1000000000.');
      expect(exponentEs.message).toContain('Escríbelo sin exponente: 150.');
      expect(grouped.message).toContain('Write it without thousands separators: 1000,50.');
    });

    it('shows, for each optional argument at fault, an example using that argument correctly', () => {
      // Act
      const fees = refused('/sell AAPL 1 10 x');
      const date = refused('/sell AAPL 1 10 15/03/2024');
      const future = refused('/sell AAPL 1 10 2030-01-02', { today: '2030-01-01' });
      const misplaced = refused('/vendo AAPL 1 10 2024-03-15 1');
      const tooMany = refused('/sell AAPL 1 10 1 2 3');
      // Assess
      expect(fees.example).toBe('/sell AAPL 5 190.25 1.50');
      expect(date.example).toBe('/sell AAPL 5 190.25 2024-03-15');
      expect(future.example).toBe('/sell AAPL 5 190.25 2030-01-01');
      expect(misplaced.example).toBe('/vendo AAPL 5 190.25 1.50 2024-03-15');
      expect(tooMany.example).toBe('/sell AAPL 5 190.25 1.50 2024-03-15');
      for (const error of [fees, date, future, misplaced, tooMany]) expect(parseCommand(error.example, { today: '2030-01-01' }).ok).toBe(true);
    });

    it('never cuts a character in half when it shortens what the user typed', () => {
      // Prepare: an emoji (two UTF-16 units) where a cut by code units would fall, then a flag (two code points).
      const token = `${'x'.repeat(20)}💥🇪🇸${'y'.repeat(10)}`;
      // Act
      const error = refused(`/buy ${token} 1 1`);
      // Assess: well-formed UTF-16 (no lone surrogate), the emoji kept whole and the flag not split.
      const quoted = /"([^"]*)"/.exec(error.message)![1]!;
      expect(quoted).toBe(`${'x'.repeat(20)}💥...`);
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(error.message)).toBe(false);
    });

    it('refuses a bad ticker and too many arguments', () => {
      // Act / Assess
      expect(refused('/buy ^GSPC 1 100').code).toBe('BAD_TICKER');
      expect(refused('/buy AAPL 1 100 1 2024-01-01 extra').code).toBe('TOO_MANY_ARGUMENTS');
    });
  });

  describe('commands without arguments', () => {
    it.each([
      ['/portfolio', 'portfolio'],
      ['/cartera', 'portfolio'],
      ['/Balance', 'balance'],
      ['/saldo', 'balance'],
      ['/export', 'export'],
      ['/undo', 'undo'],
      ['/deshacer', 'undo'],
      ['/help', 'help'],
      ['/ayuda', 'help'],
      ['/start', 'start'],
      ['/start deep-link-payload', 'start'],
      ['  /help buy  ', 'help'],
    ])('reads %p as %p', (text, name) => {
      // Act / Assess
      expect(parsed(text)).toEqual({ name });
    });

    it('refuses arguments to /undo rather than guessing what they mean', () => {
      // Act
      const error = refused('/undo 5');
      // Assess
      expect(error).toMatchObject({ code: 'TOO_MANY_ARGUMENTS', example: '/undo' });
    });
  });

  describe('/stats', () => {
    it('reads the period in English or Spanish, or none', () => {
      // Act / Assess
      expect(parsed('/stats')).toEqual({ name: 'stats' });
      expect(parsed('/stats WEEK')).toEqual({ name: 'stats', period: 'week' });
      expect(parsed('/estadisticas mes')).toEqual({ name: 'stats', period: 'month' });
      expect(parsed('/stats día')).toEqual({ name: 'stats', period: 'day' });
      expect(refused('/stats year')).toMatchObject({ code: 'BAD_SUBCOMMAND', example: '/stats month' });
      expect(refused('/stats day week').code).toBe('TOO_MANY_ARGUMENTS');
    });
  });

  describe('/performance', () => {
    it('reads a period in English or Spanish, all time without one, and refuses anything else', () => {
      // Act / Assess
      expect(parsed('/performance')).toEqual({ name: 'performance', period: 'all' });
      expect(parsed('/performance YTD')).toEqual({ name: 'performance', period: 'ytd' });
      expect(parsed('/performance 3m')).toEqual({ name: 'performance', period: '3m' });
      expect(parsed('/rendimiento 1a')).toEqual({ name: 'performance', period: '1y' });
      expect(parsed('/rendimiento todo')).toEqual({ name: 'performance', period: 'all' });
      expect(parsed('/performance 1y')).toEqual({ name: 'performance', period: '1y' });
      expect(parsed('/performance 1m')).toEqual({ name: 'performance', period: '1m' });
      expect(refused('/performance 2y')).toMatchObject({ code: 'BAD_SUBCOMMAND', example: '/performance ytd' });
      expect(refused('/rendimiento semana', { language: 'es' }).message).toMatch(/^"semana" no es un periodo: usa 1m, 3m, ytd, 1a \(un año\) o todo\. Uso: \/rendimiento \[1m\|3m\|ytd\|1y\|all\]$/);
      expect(refused('/performance 1m 3m').code).toBe('TOO_MANY_ARGUMENTS');
    });
  });

  describe('/blacklist', () => {
    it('lists without arguments and adds several tickers separated by spaces or commas', () => {
      // Act / Assess
      expect(parsed('/blacklist')).toEqual({ name: 'blacklist', action: 'list' });
      expect(parsed('/blacklist add tsla, nvda brk.b TSLA')).toEqual({
        name: 'blacklist',
        action: 'add',
        symbols: ['TSLA', 'NVDA', 'BRK-B'],
        invalid: [],
      });
    });

    it('keeps the valid tickers and lists the invalid ones, refusing only when none is valid', () => {
      // Act
      const partly = parsed('/listanegra quitar TSLA ^GSPC');
      const none = refused('/blacklist remove ^GSPC GC=F');
      // Assess
      expect(partly).toEqual({ name: 'blacklist', action: 'remove', symbols: ['TSLA'], invalid: ['^GSPC'] });
      expect(none.code).toBe('BAD_TICKER');
      expect(none.message).toContain('^GSPC');
    });

    it('refuses an unknown action or a missing ticker', () => {
      // Act / Assess
      expect(refused('/blacklist AAPL')).toMatchObject({ code: 'BAD_SUBCOMMAND', example: '/blacklist add TSLA NVDA' });
      expect(refused('/blacklist add').code).toBe('MISSING_ARGUMENT');
    });
  });

  describe('/tips', () => {
    it('lists, adds a note keeping its own spacing, and removes by number', () => {
      // Act / Assess
      expect(parsed('/tips')).toEqual({ name: 'tips', action: 'list' });
      expect(parsed('/tips add msft  cloud growth,\ncheck after earnings ')).toEqual({
        name: 'tips',
        action: 'add',
        symbol: 'MSFT',
        text: 'cloud growth,\ncheck after earnings',
      });
      expect(parsed('/notas quitar 3')).toEqual({ name: 'tips', action: 'remove', id: 3 });
    });

    it('refuses a note without text, a bad ticker, or a bad number', () => {
      // Act / Assess
      expect(refused('/tips add MSFT').code).toBe('MISSING_ARGUMENT');
      expect(refused('/tips add ^GSPC text').code).toBe('BAD_TICKER');
      expect(refused('/tips remove 0')).toMatchObject({ code: 'BAD_NUMBER', example: '/tips remove 3' });
      expect(refused('/tips remove x').code).toBe('BAD_NUMBER');
      expect(refused('/tips remove').code).toBe('MISSING_ARGUMENT');
      expect(refused('/tips remove 1 2').code).toBe('TOO_MANY_ARGUMENTS');
      expect(refused('/tips edit 1').code).toBe('BAD_SUBCOMMAND');
    });
  });

  describe('/scan', () => {
    it('defaults to 10 and accepts 1 to 50', () => {
      // Act / Assess
      expect(parsed('/scan')).toEqual({ name: 'scan', limit: 10 });
      expect(parsed('/scan 1')).toEqual({ name: 'scan', limit: 1 });
      expect(parsed('/escanear 50')).toEqual({ name: 'scan', limit: 50 });
      expect(refused('/scan 0').code).toBe('BAD_NUMBER');
      expect(refused('/scan 51').code).toBe('BAD_NUMBER');
      expect(refused('/scan 2.5').code).toBe('BAD_NUMBER');
      expect(refused('/scan 5 6').code).toBe('TOO_MANY_ARGUMENTS');
    });
  });

  describe('/rules', () => {
    it('shows without arguments, and reads set with the rule in any case and a decimal comma', () => {
      // Act / Assess
      expect(parsed('/rules')).toEqual({ name: 'rules', action: 'show' });
      expect(parsed('/rules set stoplosspct 7,5')).toEqual({ name: 'rules', action: 'set', key: 'stopLossPct', value: 7.5 });
      expect(parsed('/reglas poner analysis.TIME 07:30')).toEqual({ name: 'rules', action: 'set', key: 'analysis.time', value: '07:30' });
      expect(parsed('/rules set language ES')).toEqual({ name: 'rules', action: 'set', key: 'language', value: 'es' });
      expect(parsed('/rules set scan.topN 40')).toEqual({ name: 'rules', action: 'set', key: 'scan.topN', value: 40 });
      expect(parsed('/rules set benchmark qqq')).toEqual({ name: 'rules', action: 'set', key: 'benchmark', value: 'QQQ' });
      expect(parsed('/rules set benchmark vusa.l')).toEqual({ name: 'rules', action: 'set', key: 'benchmark', value: 'VUSA.L' });
    });

    it('refuses a benchmark that cannot be a Yahoo ticker (an index), naming the rule in the reader\'s language', () => {
      // Act
      const index = refused('/rules set benchmark ^GSPC');
      const indexEs = refused('/reglas set benchmark ^GSPC', { language: 'es' });
      // Assess
      expect(index).toMatchObject({ code: 'BAD_RULE', example: '/rules set benchmark SPY' });
      expect(index.message).toMatch(/^benchmark must be a ticker in Yahoo style such as SPY or QQQ\. Usage: /);
      expect(indexEs.message).toMatch(/^benchmark debe ser un ticker en formato Yahoo, como SPY o QQQ\. Uso: /);
    });

    it('refuses a value out of range with the field at fault, in the reader\'s language, and the default as example', () => {
      // Act
      const tooBig = refused('/rules set stopLossPct 500');
      const tooBigEs = refused('/reglas set stopLossPct 500', { language: 'es' });
      const notWhole = refused('/rules set maxOpenPositions 2,5');
      const zone = refused('/rules set analysis.timezone Mars/Olympus');
      const language = refused('/rules set language fr');
      // Assess
      expect(tooBig).toMatchObject({ code: 'BAD_RULE', example: '/rules set stopLossPct 8' });
      expect(tooBig.message).toMatch(/^stopLossPct must be at most 100\. Usage: \/rules/);
      expect(tooBigEs.message).toMatch(/^stopLossPct debe ser como máximo 100\. Uso: \/reglas/);
      expect(notWhole.message).toContain('maxOpenPositions must be a whole number.');
      expect(zone.message).toContain('analysis.timezone must be an IANA time zone such as Europe/Madrid.');
      expect(language.message).toContain('language must be one of en, es.');
    });

    it('refuses an unknown rule, a group, a value that is not a number, and missing or extra words', () => {
      // Act / Assess
      expect(refused('/rules set stopLoss 5')).toMatchObject({ code: 'BAD_RULE', example: '/rules set stopLossPct 10' });
      expect(refused('/rules set analysis 5').code).toBe('BAD_RULE');
      expect(refused('/rules set takeProfitPct lots')).toMatchObject({ code: 'BAD_NUMBER', example: '/rules set takeProfitPct 25' });
      expect(refused('/rules set stopLossPct')).toMatchObject({ code: 'MISSING_ARGUMENT', example: '/rules set stopLossPct 10' });
      expect(refused('/rules set stopLossPct 5 6').code).toBe('TOO_MANY_ARGUMENTS');
      expect(refused('/rules change-all').code).toBe('BAD_SUBCOMMAND');
    });

    it('reads reset of rules, groups and keys it does not know (a typo in the file), and refuses what cannot be a key', () => {
      // Act / Assess
      expect(parsed('/rules reset STOPLOSSPCT analysis stopLossPct')).toEqual({ name: 'rules', action: 'reset', keys: ['stopLossPct', 'analysis'] });
      expect(parsed('/rules reset stopLoss')).toEqual({ name: 'rules', action: 'reset', keys: ['stopLoss'] });
      expect(refused('/rules reset')).toMatchObject({ code: 'MISSING_ARGUMENT', example: '/rules reset stopLossPct' });
      expect(refused('/rules reset 5%').code).toBe('BAD_RULE');
    });
  });

  describe('addressing and unknown input', () => {
    it('accepts its own @botname in any case and ignores commands addressed to another bot', () => {
      // Act / Assess
      expect(parsed('/portfolio@TradeBot_bot', { botUsername: 'tradebot_bot' })).toEqual({ name: 'portfolio' });
      expect(refused('/portfolio@other_bot', { botUsername: 'tradebot_bot' }).code).toBe('NOT_A_COMMAND');
      expect(parsed('/portfolio@anything')).toEqual({ name: 'portfolio' });
    });

    it('tells plain text and unknown commands apart', () => {
      // Act / Assess
      expect(refused('hello')).toMatchObject({ code: 'NOT_A_COMMAND', example: '/help' });
      expect(refused('')).toMatchObject({ code: 'NOT_A_COMMAND' });
      expect(refused('/frobnicate 1')).toMatchObject({ code: 'UNKNOWN_COMMAND', command: 'frobnicate', example: '/help' });
    });
  });

  describe('Spanish usage errors', () => {
    const es = { language: 'es', today: '2030-01-01' } as const;

    it.each([
      ['/compro AAPL 10', 'MISSING_ARGUMENT', '/compro necesita un precio.', '/compro AAPL 10 182.50'],
      ['/buy AAPL', 'MISSING_ARGUMENT', '/buy necesita una cantidad y un precio.', '/buy AAPL 10 182.50'],
      ['/buy AAPL diez 182.50', 'BAD_NUMBER', 'La cantidad "diez" debe ser un número mayor que 0, como 10 o 0,5.', '/buy AAPL 10 182.50'],
      ['/vendo ^GSPC 1 100', 'BAD_TICKER', '"^GSPC" no es un ticker válido (formato Yahoo, p. ej. AAPL, BRK-B, SAN.MC).', '/vendo AAPL 5 190.25 1.50'],
      ['/compro AAPL 10 182.50 15/03/2024', 'BAD_DATE', '"15/03/2024" no es una fecha real en formato YYYY-MM-DD.', '/compro AAPL 10 182.50 2024-03-15'],
      ['/buy AAPL 10 182.50 2030-01-02', 'BAD_DATE', '2030-01-02 es una fecha futura (hoy es 2030-01-01).', '/buy AAPL 10 182.50 2030-01-01'],
      ['/deshacer 5', 'TOO_MANY_ARGUMENTS', '/deshacer no admite argumentos.', '/deshacer'],
      ['/listanegra quitar ^GSPC GC=F', 'BAD_TICKER', 'Ninguno de "^GSPC", "GC=F" es un ticker válido.', '/listanegra add TSLA NVDA'],
      ['/notas quitar', 'MISSING_ARGUMENT', 'Indica qué nota quieres quitar por su número (consulta /tips).', '/notas remove 3'],
      ['/escanear 51', 'BAD_NUMBER', '"51" no es un número entero del 1 al 50.', '/escanear 10'],
    ])('explains %p in Spanish, keeping the command word typed and the example', (text, code, sentence, example) => {
      // Act
      const error = refused(text, es);
      // Assess: the Spanish sentence, then the grammar line after "Uso:", and the same example as in English
      expect(error.code).toBe(code);
      const prefix = `${sentence} Uso: /${text.split(' ')[0]!.slice(1)}`;
      expect(error.message.slice(0, prefix.length)).toBe(prefix);
      expect(error.message).not.toContain('Usage:');
      expect(error.example).toBe(example);
      expect(error.example).toBe(refused(text, { today: '2030-01-01' }).example);
    });

    it('answers an unknown command and a message that is not a command in Spanish, without a usage line', () => {
      // Act
      const unknown = refused('/comprar AAPL 1 1', es);
      const plain = refused('hola', es);
      const elsewhere = refused('/cartera@other_bot', { ...es, botUsername: 'tradebot_bot' });
      // Assess
      expect(unknown).toMatchObject({ code: 'UNKNOWN_COMMAND', message: 'No existe el comando /comprar. Envía /help para ver la lista.', example: '/help' });
      expect(plain).toMatchObject({ code: 'NOT_A_COMMAND', message: 'Los comandos empiezan por / y una palabra de comando. Envía /help para ver la lista.' });
      expect(elsewhere).toMatchObject({ code: 'NOT_A_COMMAND', message: 'Este comando va dirigido a @other_bot, no a este bot.' });
    });

    it('keeps English as the default and for an explicit language: en', () => {
      // Act
      const byDefault = refused('/buy AAPL');
      const explicit = refused('/buy AAPL', { language: 'en' });
      // Assess
      expect(byDefault.message).toBe('/buy needs a quantity and a price. Usage: /buy TICKER QTY PRICE [FEES] [YYYY-MM-DD]');
      expect(explicit).toEqual(byDefault);
    });

    it('answers in English when given a language it does not speak (a caller outside TypeScript)', () => {
      // Act
      const error = refused('/buy AAPL', { language: 'fr' as 'en' });
      // Assess
      expect(error.message).toBe(refused('/buy AAPL').message);
    });

    it('has a non-empty message in both languages for every error code, and the Spanish one is not the English one', () => {
      // Prepare: at least one bad input down every refusal path of the parser
      const corpus = [
        'hola', '', '/', '/portfolio@other_bot', '/frobnicate', '/comprar 1',
        '/buy', '/buy AAPL', '/buy AAPL 10', '/buy ^GSPC 1 1', '/buy AAPL ten 1', '/buy AAPL 1 0', '/buy AAPL 1 1 -1',
        '/buy AAPL 1 1 1 2024-01-01 x', '/buy AAPL 1 1 2024-01-01 1', '/buy AAPL 1 1 2023-02-29', '/buy AAPL 1 1 2030-01-02', '/buy AAPL 1 1 1 2',
        '/portfolio x', '/balance x', '/export x', '/undo x',
        '/stats year', '/stats day week',
        '/blacklist AAPL', '/blacklist add', '/blacklist remove ^GSPC',
        '/tips edit', '/tips remove', '/tips remove 1 2', '/tips remove x', '/tips add', '/tips add ^GSPC t', '/tips add MSFT',
        '/scan 0', '/scan 5 6',
        '/rules x', '/rules set', '/rules set nope 1', '/rules set stopLossPct x', '/rules set stopLossPct 500', '/rules set stopLossPct 5 6', '/rules reset', '/rules reset 5%',
      ];
      // The explanation without the grammar line, which is the same in both languages but for its label.
      const sentence = (message: string) => message.replace(/ (Usage|Uso): [^]*$/, '').trim();
      const codesSeen = new Set<string>();
      for (const text of corpus) {
        // Act
        const en = refused(text, { botUsername: 'tradebot_bot', today: '2030-01-01', language: 'en' });
        const esError = refused(text, { botUsername: 'tradebot_bot', today: '2030-01-01', language: 'es' });
        // Assess
        codesSeen.add(en.code);
        expect({ text, code: esError.code, example: esError.example, command: esError.command }).toEqual({ text, code: en.code, example: en.example, command: en.command });
        expect(sentence(en.message)).not.toBe('');
        expect(sentence(esError.message)).not.toBe('');
        expect({ text, es: sentence(esError.message) }).not.toEqual({ text, es: sentence(en.message) });
        expect(/ Usage: /.test(en.message)).toBe(/ Uso: /.test(esError.message));
      }
      expect([...codesSeen].sort()).toEqual(Object.values(UsageErrorCode).sort());
    });
  });
});

describe('Function: isCommandText', () => {
  it('recognises messages starting with a slash and a letter', () => {
    // Act / Assess
    expect(isCommandText(' /buy AAPL')).toBe(true);
    expect(isCommandText('what about AAPL?')).toBe(false);
    expect(isCommandText('/ 2')).toBe(false);
  });
});

describe('Function: isCalendarDate', () => {
  it('knows leap years and month lengths', () => {
    // Act / Assess
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-04-31')).toBe(false);
    expect(isCalendarDate('2024-12-31')).toBe(true);
    expect(isCalendarDate('2024-00-10')).toBe(false);
    expect(isCalendarDate('2024-1-10')).toBe(false);
  });
});

describe('Function: parseCommand, /chart and /alert', () => {
  it('reads a chart of a ticker or of the portfolio, with an optional period', () => {
    // Act / Assess
    expect(parseCommand('/chart ko')).toEqual({ ok: true, value: { name: 'chart', target: { kind: 'symbol', symbol: 'KO' }, range: '1y' } });
    expect(parseCommand('/grafico cartera 6m')).toEqual({ ok: true, value: { name: 'chart', target: { kind: 'portfolio' }, range: '6m' } });
    expect(parseCommand('/chart brk.b 1Y')).toMatchObject({ ok: true, value: { target: { symbol: 'BRK-B' }, range: '1y' } });
  });

  it('refuses a chart without a target, with a bad period or too many words, with an example', () => {
    // Act
    const results = ['/chart', '/chart KO 2y', '/chart KO 1y extra', '/chart ^GSPC'].map((t) => parseCommand(t));
    // Assess
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['MISSING_ARGUMENT', 'BAD_SUBCOMMAND', 'TOO_MANY_ARGUMENTS', 'BAD_TICKER']);
    for (const r of results) expect(r.ok ? '' : r.error.example).toBe('/chart KO 1y');
  });

  it('reads alerts below, above, on a drawdown, in English and Spanish, and their removal', () => {
    // Act / Assess
    expect(parseCommand('/alert KO below 58')).toMatchObject({ ok: true, value: { name: 'alert', action: 'add', symbol: 'KO', condition: { kind: 'below' } } });
    expect(parseCommand('/alerta nvda sobre 150,5')).toMatchObject({ ok: true, value: { symbol: 'NVDA', condition: { kind: 'above' } } });
    const drawdown = parseCommand('/alert KO caida 20%');
    expect(drawdown.ok && drawdown.value.name === 'alert' && drawdown.value.action === 'add' && drawdown.value.condition.kind === 'drawdown' ? drawdown.value.condition.pct.toFixed() : '').toBe('20');
    expect(parseCommand('/alert remove 3')).toEqual({ ok: true, value: { name: 'alert', action: 'remove', id: 3 } });
    expect(parseCommand('/alertas')).toEqual({ ok: true, value: { name: 'alerts' } });
  });

  it('refuses alerts it cannot read, in the language asked for', () => {
    // Act
    const bad = ['/alert', '/alert KO', '/alert KO below abc', '/alert KO drawdown 100', '/alert remove x', '/alert KO below 5 6'].map((t) => parseCommand(t, { language: 'es' }));
    // Assess
    expect(bad.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['MISSING_ARGUMENT', 'MISSING_ARGUMENT', 'BAD_NUMBER', 'BAD_NUMBER', 'BAD_NUMBER', 'TOO_MANY_ARGUMENTS']);
    expect(bad[3]!.ok ? '' : bad[3]!.error.message).toContain('La caída "100" debe ser un porcentaje');
  });
});
