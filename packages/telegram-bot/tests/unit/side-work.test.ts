import { SideWork } from '../../src/side-work';

/** A piece of work the test finishes by hand, recording when it started. */
function manualWork(name: string, log: string[]): { work: () => Promise<void>; finish(): void } {
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    work: async () => {
      log.push(`${name} started`);
      await done;
      log.push(`${name} finished`);
    },
    finish: () => finish(),
  };
}

describe('Class: SideWork', () => {
  it('holds deferred work until start(), so it never runs before the reply is out', async () => {
    // Prepare
    const log: string[] = [];
    const sideWork = new SideWork();
    const snapshot = manualWork('snapshot', log);

    // Act
    sideWork.defer(snapshot.work);
    await Promise.resolve();
    log.push('reply sent');
    sideWork.start();
    await Promise.resolve();
    snapshot.finish();
    await sideWork.settle();

    // Assess
    expect(log).toEqual(['reply sent', 'snapshot started', 'snapshot finished']);
  });

  it('settles only when every piece of work has finished, including work deferred after start()', async () => {
    // Prepare
    const log: string[] = [];
    const sideWork = new SideWork();
    const first = manualWork('first', log);
    const second = manualWork('second', log);
    sideWork.defer(first.work);
    sideWork.start();

    // Act
    sideWork.defer(second.work);
    let settled = false;
    const settling = sideWork.settle().then(() => {
      settled = true;
    });
    first.finish();
    await new Promise((resolve) => setImmediate(resolve));
    const settledBeforeSecond = settled;
    second.finish();
    await settling;

    // Assess
    expect(settledBeforeSecond).toBe(false);
    expect(log).toEqual(['first started', 'second started', 'first finished', 'second finished']);
  });

  it('starts work still held when settling, and a failed piece never rejects settle()', async () => {
    // Prepare
    const log: string[] = [];
    const sideWork = new SideWork();
    sideWork.defer(async () => {
      log.push('ran');
      throw new Error('S3 down');
    });

    // Act & Assess
    await expect(sideWork.settle()).resolves.toBeUndefined();
    await expect(sideWork.settle()).resolves.toBeUndefined();
    expect(log).toEqual(['ran']);
  });
});
