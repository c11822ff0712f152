import { CorruptDocumentError, DependencyError, documentNotice, OptionalDocument, problemLogFields, readOptionalDocument } from '../../src';

const blacklist = { document: OptionalDocument.Blacklist, key: 'external/tickers_blacklist.txt' } as const;

describe('Function: readOptionalDocument', () => {
  it('gives the value when the read succeeds', async () => {
    // Act
    const read = await readOptionalDocument(blacklist, async () => ['TSLA'], []);
    // Assess
    expect(read).toEqual({ ok: true, value: ['TSLA'] });
  });

  it('gives the fallback and the problem, with the line, when the document is corrupt', async () => {
    // Prepare
    const corrupt = new CorruptDocumentError('external/tickers_blacklist.txt', 'line 3 is not a ticker: "$$$"');
    // Act
    const read = await readOptionalDocument(blacklist, () => Promise.reject(corrupt), []);
    // Assess
    expect(read).toEqual({
      ok: false,
      value: [],
      problem: { document: 'blacklist', key: 'external/tickers_blacklist.txt', kind: 'corrupt', reason: 'line 3 is not a ticker: "$$$"', cause: corrupt },
    });
  });

  it('gives the fallback and an "unavailable" problem when the store does not answer', async () => {
    // Act
    const read = await readOptionalDocument(blacklist, () => Promise.reject(new DependencyError('S3', 'connection refused')), []);
    // Assess
    expect(read).toMatchObject({ ok: false, value: [], problem: { document: 'blacklist', kind: 'unavailable', key: 'external/tickers_blacklist.txt', reason: 'connection refused' } });
  });

  it('rethrows anything else (a bug is not a missing document)', async () => {
    // Act
    const read = readOptionalDocument(blacklist, () => Promise.reject(new TypeError('boom')), []);
    // Assess
    await expect(read).rejects.toThrow('boom');
  });
});

describe('Function: problemLogFields', () => {
  it('gives the problem and its cause as one line of text, with the error class, never the object', async () => {
    // Prepare
    const read = await readOptionalDocument(blacklist, () => Promise.reject(new DependencyError('S3', 'connection refused')), []);
    if (read.ok) throw new Error('expected a problem');
    // Act
    const fields = problemLogFields(read.problem);
    // Assess
    expect(fields).toEqual({ document: 'blacklist', key: 'external/tickers_blacklist.txt', kind: 'unavailable', reason: 'connection refused', err: 'DependencyError: connection refused' });
  });
});

describe('Function: documentNotice', () => {
  const problem = (document: OptionalDocument, kind: 'corrupt' | 'unavailable' = 'corrupt') => ({ document, key: 'k.json', kind, reason: 'line 3: bad', cause: null });

  it('says what was left out in the reader language, naming the key and the reason', () => {
    expect(documentNotice(problem('tips'), 'en')).toBe('k.json could not be read (line 3: bad); your notes were left out. Fix or delete the file.');
    expect(documentNotice(problem('latest-scan'), 'es')).toBe('No se pudo leer k.json (line 3: bad); se omitieron los candidatos del escaneo. El próximo escaneo escribirá uno nuevo.');
    expect(documentNotice(problem('blacklist', 'unavailable'), 'en')).toBe('k.json could not be read (the storage did not answer); the blacklist was not applied. It is read again next time.');
    expect(documentNotice(problem('lessons', 'unavailable'), 'es')).toBe('No se pudo leer k.json (el almacenamiento no respondió); se omitieron las lecciones del mes. Se volverá a leer la próxima vez.');
  });

  it('gives the rules notice in both languages, since the language is one of the rules', () => {
    expect(documentNotice(problem('rules'), 'en').split('\n')).toEqual([
      'k.json could not be read (line 3: bad); default rules were used. Fix the file to use yours again.',
      'No se pudo leer k.json (line 3: bad); se usaron las reglas por defecto. Corrige el archivo para volver a usar las tuyas.',
    ]);
  });
});
