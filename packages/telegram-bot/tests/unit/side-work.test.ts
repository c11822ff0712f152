import { SideWork } from '../../src/side-work';

describe('Class: SideWork', () => {
  it('settles only when every added piece of work has finished', async () => {
    // Prepare
    const sideWork = new SideWork();
    const finished: string[] = [];
    const later = (name: string, ms: number) => new Promise<void>((resolve) => setTimeout(() => (finished.push(name), resolve()), ms));

    // Act
    sideWork.add(later('snapshot', 60));
    sideWork.add(later('export', 20));
    await sideWork.settle();

    // Assess
    expect(finished.sort()).toEqual(['export', 'snapshot']);
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
