import { isCalendarDate, isCommandText, parseCommand } from '../../../src/commands/parse';
import type { Command, UsageError } from '../../../src/types/commands';

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
