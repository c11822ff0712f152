/**
 * Runs a local command's `main(argv)` when its file is the entry point: the exit code is what
 * `main` returns, and an unexpected error is printed as `Name: message` (no stack) with code 1.
 * Use it at the bottom of every `pnpm <command>` script so they all end the same way.
 */
export function runCli(entry: NodeJS.Module, main: (argv: string[]) => Promise<number>): void {
  if (require.main !== entry) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
      process.exitCode = 1;
    },
  );
}
