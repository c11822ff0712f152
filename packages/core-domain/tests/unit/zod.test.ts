import * as z from '../../src/zod';

describe('Module: zod (the z every schema is written with)', () => {
  it('words issues in zod English, as classic zod did, not as a bare "Invalid input"', () => {
    // Prepare: the kinds of issue that reach configuration errors, corrupt-document notices and logs.
    const schema = z.strictObject({
      bucket: z.string().check(z.minLength(3)),
      count: z._default(z.int().check(z.positive(), z.lte(10)), 1),
      level: z.enum(['info', 'warn']),
      url: z.optional(z.url()),
      key: z.string().check(z.regex(/^\//, 'a path such as /x')),
    });
    // Act
    const missing = schema.safeParse({});
    const wrong = schema.safeParse({ bucket: 'ab', count: 1.5, level: 'loud', url: 'nope', key: 'x', typo: 1 });
    const big = schema.safeParse({ bucket: 'abc', count: 11, level: 'info', key: '/x' });
    // Assess
    const words = (result: { success: boolean; error?: { issues: readonly { path: PropertyKey[]; message: string }[] } }): string[] =>
      (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(words(missing)).toEqual([
      'bucket: Invalid input: expected string, received undefined',
      'level: Invalid option: expected one of "info"|"warn"',
      'key: Invalid input: expected string, received undefined',
    ]);
    expect(words(wrong)).toEqual([
      'bucket: Too small: expected string to have >=3 characters',
      'count: Invalid input: expected int, received number',
      'level: Invalid option: expected one of "info"|"warn"',
      'url: Invalid URL',
      'key: a path such as /x',
      ': Unrecognized key: "typo"',
    ]);
    expect(words(big)).toEqual(['count: Too big: expected number to be <=10']);
  });
});
