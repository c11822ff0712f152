import { SideWork } from '../../src/side-work';

describe('Class: SideWork', () => {
  it('settles only when every added piece of work has finished', async () => {
    // Prepare: two writes the test finishes by hand, one at a time.
    const sideWork = new SideWork();
    const events: string[] = [];
    const work = (name: string): { promise: Promise<void>; finish: () => void } => {
      let finish!: () => void;
      const promise = new Promise<void>((resolve) => (finish = resolve)).then(() => void events.push(name));
      return { promise, finish };
    };
    const snapshot = work('snapshot');
    const exported = work('export');
    sideWork.add(snapshot.promise);
    sideWork.add(exported.promise);

    // Act
    const settled = sideWork.settle().then(() => void events.push('settled'));
    exported.finish();
    await exported.promise;
    // Every callback already queued runs before a macrotask: settle has had its chance to resolve.
    await new Promise((resolve) => setImmediate(resolve));
    const beforeTheSnapshot = [...events];
    snapshot.finish();
    await settled;

    // Assess
    expect(beforeTheSnapshot).toEqual(['export']);
    expect(events).toEqual(['export', 'snapshot', 'settled']);
  });

  it('does not let a failed piece of work reject settle, and forgets finished work', async () => {
    // Prepare
    const sideWork = new SideWork();
    sideWork.add(Promise.reject(new Error('S3 down')));

    // Act & Assess
    await expect(sideWork.settle()).resolves.toBeUndefined();
    await expect(sideWork.settle()).resolves.toBeUndefined();
  });
});
