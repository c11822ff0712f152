import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deterministicZip, readZip } from '../build/zip';

/** The zip of `entries` made by a fresh node process in time zone `tz` (jest's process.env is its own copy). */
function zipIn(tz: string): Buffer {
  const code = `const { deterministicZip } = require(${JSON.stringify(join(__dirname, '..', 'build', 'zip.ts'))});
process.stdout.write(Buffer.from(deterministicZip([{ path: 'index.js', data: Buffer.from('exports.handler = async () => 1;\\n') }, { path: 'lib/a.txt', data: Buffer.from('a') }])).toString('base64'));`;
  const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', code], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return Buffer.from(run.stdout, 'base64');
}

const entries = [
  { path: 'index.js', data: Buffer.from('exports.handler = async () => 1;\n') },
  { path: 'lib/a.txt', data: Buffer.from('a') },
];

describe('Function: deterministicZip', () => {
  it('gives the same bytes whatever the order of the entries', () => {
    // Act + Assess
    expect(Buffer.from(deterministicZip([...entries].reverse())).equals(Buffer.from(deterministicZip(entries)))).toBe(true);
  });

  it('gives the same bytes in any time zone (zip stores local time)', () => {
    // Act
    const [utc, losAngeles, tokyo] = ['UTC', 'America/Los_Angeles', 'Asia/Tokyo'].map(zipIn);
    // Assess
    expect(utc!.equals(Buffer.from(deterministicZip(entries)))).toBe(true);
    expect(losAngeles!.equals(utc!)).toBe(true);
    expect(tokyo!.equals(utc!)).toBe(true);
  });

  it('round-trips the files', () => {
    // Act
    const files = readZip(deterministicZip(entries));
    // Assess
    expect(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString()]))).toEqual({ 'index.js': 'exports.handler = async () => 1;\n', 'lib/a.txt': 'a' });
  });

  it('refuses absolute paths and paths that leave the archive', () => {
    // Act + Assess
    expect(() => deterministicZip([{ path: '/var/task/index.js', data: Buffer.from('') }])).toThrow(/relative POSIX paths/);
    expect(() => deterministicZip([{ path: '../index.js', data: Buffer.from('') }])).toThrow(/relative POSIX paths/);
  });
});
