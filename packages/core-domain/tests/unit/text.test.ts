import { clipText, compareText, escapeHtml, escapeHtmlAttribute, isWellFormedText, safeCutIndex } from '../../src/text';

describe('Function: clipText', () => {
  it('leaves short text alone and counts an emoji or a flag as one character', () => {
    // Act / Assess
    expect(clipText('AAPL', 24)).toBe('AAPL');
    expect(clipText('🇪🇸'.repeat(5), 5)).toBe('🇪🇸'.repeat(5));
  });

  it('cuts between characters, never inside a surrogate pair or a flag', () => {
    // Prepare: a cut after 5 UTF-16 units would fall inside the second emoji.
    const text = 'abcd💥🇪🇸xyz';
    // Act
    const clipped = clipText(text, 6, '…');
    // Assess
    expect(clipped).toBe('abcd💥…');
    expect(isWellFormedText(clipped)).toBe(true);
  });

  it('ends a cut text with "..." unless told otherwise, the whole within the limit', () => {
    // Act
    const clipped = clipText('abcdefgh', 5);
    // Assess
    expect(clipped).toBe('ab...');
  });

  it('keeps within the limit even when the limit has no room for the marker', () => {
    // Act / Assess
    expect(clipText('abcdef', 2)).toBe('ab');
    expect(clipText('💥💥💥💥', 2)).toBe('💥💥');
    expect(clipText('abc', 0)).toBe('');
    expect(clipText('abc', -1)).toBe('');
    expect(clipText('abcdef', 3)).toBe('...');
  });
});

describe('Function: safeCutIndex', () => {
  it('moves a cut that falls inside a surrogate pair or a grapheme back to its start', () => {
    // Prepare
    const text = 'ab💥cd👨‍👩‍👧ef';
    const family = text.indexOf('👨');
    // Act / Assess
    expect(safeCutIndex(text, 3)).toBe(2);
    expect(safeCutIndex(text, 4)).toBe(4);
    expect(safeCutIndex(text, family + 3)).toBe(family);
    expect(safeCutIndex(text, 100)).toBe(text.length);
  });

  it('falls back to a code point boundary when the first character is longer than the room', () => {
    // Prepare: one grapheme of many code points (a letter and combining marks).
    const text = `e${'\u0301'.repeat(10)}x`;
    // Act / Assess
    expect(safeCutIndex(text, 5)).toBe(5);
    expect(safeCutIndex('💥x', 1)).toBe(0);
  });

  it('keeps the whole text for a cut at its end, and cuts nothing for a cut before its start', () => {
    // Prepare
    const text = 'ab💥';
    // Act / Assess
    expect(safeCutIndex(text, text.length)).toBe(text.length);
    expect(safeCutIndex(text, 0)).toBe(0);
    expect(safeCutIndex(text, -3)).toBe(0);
  });

  it('never splits a pair at the edges of the surrogate ranges inside one long character', () => {
    // Prepare: each first character is one long grapheme (a pair carrying combining marks), so
    // the cut falls back to code points; the pairs sit at the ends of the high and low ranges.
    const marks = '\u0301'.repeat(4);
    const edges = ['\uD800\uDC00', '\uDBFF\uDFFF', '\uD800\uDFFF', '\uDBFF\uDC00'];
    // Act
    const cuts = edges.map((pair) => safeCutIndex(`${pair}${marks}x`, 1));
    // Assess
    expect(cuts).toEqual([0, 0, 0, 0]);
  });

  it('cuts between the code points of one long character that holds no surrogate pair', () => {
    // Prepare: a letter with many variation selectors (U+FE0F, above the surrogate ranges) is one grapheme
    const text = `e${'\uFE0F'.repeat(6)}x`;
    // Act / Assess
    expect(safeCutIndex(text, 3)).toBe(3);
  });
});

describe('Function: isWellFormedText', () => {
  it('tells lone surrogates from pairs', () => {
    expect(isWellFormedText('ok 💥')).toBe(true);
    expect(isWellFormedText('half \ud83d')).toBe(false);
    expect(isWellFormedText('\udca5 half')).toBe(false);
  });

  it('finds a lone half anywhere: at the end, before a letter, or a pair written backwards', () => {
    expect(isWellFormedText('💥💥')).toBe(true);
    expect(isWellFormedText('ok \ud83d')).toBe(false);
    expect(isWellFormedText('\ud83dx')).toBe(false);
    expect(isWellFormedText('x\udca5')).toBe(false);
    expect(isWellFormedText('\udca5\ud83d')).toBe(false);
    expect(isWellFormedText('\uD800\uDC00 \uDBFF\uDFFF')).toBe(true);
    expect(isWellFormedText('\uDBFF \uDFFF')).toBe(false);
  });
});

describe('Function: escapeHtml', () => {
  it('escapes what Telegram HTML requires between tags and leaves quotes as typed', () => {
    // Act
    const escaped = escapeHtml('<b>P&L</b> "x" it\'s');

    // Assess
    expect(escaped).toBe('&lt;b&gt;P&amp;L&lt;/b&gt; "x" it\'s');
  });

  it('escapes an ampersand first, so an entity typed by a user shows as typed', () => {
    // Act / Assess
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('escapes every occurrence, not only the first', () => {
    // Act / Assess
    expect(escapeHtml('a<b<c>d>e&f&g')).toBe('a&lt;b&lt;c&gt;d&gt;e&amp;f&amp;g');
  });
});

describe('Function: escapeHtmlAttribute', () => {
  it('also escapes the double quote that would end the attribute', () => {
    // Act
    const link = `<a href="${escapeHtmlAttribute('https://x.test/a?b=1&c="2"<>')}">csv</a>`;

    // Assess
    expect(link).toBe('<a href="https://x.test/a?b=1&amp;c=&quot;2&quot;&lt;&gt;">csv</a>');
  });
});

describe('Function: compareText', () => {
  it('orders by code point whatever the locale: capitals before small letters, equal text as equal', () => {
    // Act
    const sorted = ['b', 'B', 'a', 'Á', 'A', 'a'].sort(compareText);
    // Assess
    expect(sorted).toEqual(['A', 'B', 'a', 'a', 'b', 'Á']);
    expect([compareText('a', 'b'), compareText('b', 'a'), compareText('EUR', 'EUR')]).toEqual([-1, 1, 0]);
  });
});
