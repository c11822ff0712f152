/** Asking the operator for a value in the terminal, without echoing secrets. */
import { createInterface } from 'node:readline';

/** Asks a question and returns the answer (trimmed). */
export interface Prompter {
  ask(question: string, options: { readonly hidden: boolean }): Promise<string>;
}

/**
 * A prompter on a terminal. With `hidden`, nothing typed is written back (not even stars), so a
 * pasted token never reaches the screen, the scrollback or a screen recording.
 */
export function terminalPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  return {
    ask(question, options) {
      return new Promise((resolve) => {
        const rl = createInterface({ input, output, terminal: true });
        output.write(question);
        if (options.hidden) {
          // readline echoes keystrokes through _writeToOutput; silence it while the answer is typed.
          (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
        }
        rl.question('', (answer) => {
          rl.close();
          if (options.hidden) output.write('\n');
          resolve(answer.trim());
        });
      });
    },
  };
}
