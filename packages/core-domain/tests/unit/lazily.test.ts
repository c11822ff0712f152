import { lazily } from '../../src/lazily';

describe('Function: lazily', () => {
  it('builds nothing until the first call, then builds once and returns the same value every time', () => {
    // Prepare
    let builds = 0;
    const schema = lazily(() => {
      builds += 1;
      return { built: builds };
    });
    // Act
    const before = builds;
    const first = schema();
    const second = schema();
    // Assess
    expect(before).toBe(0);
    expect(first).toBe(second);
    expect(builds).toBe(1);
  });

  it('keeps an undefined value as built, without building it again', () => {
    // Prepare
    let builds = 0;
    const nothing = lazily(() => {
      builds += 1;
      return undefined;
    });
    // Act
    nothing();
    nothing();
    // Assess
    expect(builds).toBe(1);
  });
});
