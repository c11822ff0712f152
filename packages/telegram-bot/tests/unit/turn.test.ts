import { changeDocument, keep, refuse, write } from '../../src/turn';

/** A read-modify-write port like `EditableDocument.update`: writes what the change returns, nothing when it throws. */
function memoryDocument(initial: readonly string[], reads = 1): { stored: () => readonly string[]; writes: () => number; update: (change: (current: readonly string[]) => readonly string[]) => Promise<readonly string[]> } {
  let value = initial;
  let writes = 0;
  return {
    stored: () => value,
    writes: () => writes,
    async update(change) {
      // A port that lost a race reads again and calls the change once more.
      let next = change(value);
      for (let i = 1; i < reads; i += 1) next = change([...value, `other-${i}`]);
      value = next;
      writes += 1;
      return next;
    },
  };
}

describe('Function: changeDocument', () => {
  it('writes what the change decides and says so', async () => {
    // Prepare
    const doc = memoryDocument(['AAPL']);
    // Act
    const outcome = await changeDocument((change) => doc.update(change), (current: readonly string[]) => write([...current, 'TSLA']));
    // Assess
    expect(outcome).toEqual({ written: true, document: ['AAPL', 'TSLA'] });
    expect(doc.stored()).toEqual(['AAPL', 'TSLA']);
  });

  it('writes nothing and hands back the outcome kept, as a value, when the change decides to keep the document', async () => {
    // Prepare
    const doc = memoryDocument(['AAPL']);
    // Act
    const outcome = await changeDocument<readonly string[], readonly string[], ReturnType<typeof refuse>>((change) => doc.update(change), () => keep(refuse('There is no tip #9.')));
    // Assess
    expect(outcome).toEqual({ written: false, kept: { ok: false, error: { html: 'There is no tip #9.' } } });
    expect(doc.writes()).toBe(0);
  });

  it('follows the last decision when the port calls the change again after a fresh read', async () => {
    // Prepare: the first read says write; the second, after another writer changed the document, says keep.
    const doc = memoryDocument(['AAPL'], 2);
    // Act
    const outcome = await changeDocument(
      (change) => doc.update(change),
      (current: readonly string[]) => (current.length > 1 ? keep('changed meanwhile') : write([...current, 'TSLA'])),
    );
    // Assess
    expect(outcome).toEqual({ written: false, kept: 'changed meanwhile' });
    expect(doc.writes()).toBe(0);
  });

  it('lets a failure of the store through untouched', async () => {
    // Prepare
    const down = new Error('S3 is not answering');
    // Act / Assess
    await expect(changeDocument(() => Promise.reject(down), () => write(['AAPL']))).rejects.toBe(down);
  });
});
