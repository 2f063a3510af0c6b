import ora from 'ora';

/** Where the CLI writes; tests capture it. Progress goes to stderr only on a terminal. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  progress(text: string): { update(text: string): void; stop(final?: string): void };
}

export const processIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  progress(text) {
    if (!process.stderr.isTTY) {
      return { update: () => undefined, stop: () => undefined };
    }
    const spinner = ora({ text, stream: process.stderr }).start();
    return {
      update: (t) => {
        spinner.text = t;
      },
      stop: (final) => {
        if (final) spinner.succeed(final);
        else spinner.stop();
      },
    };
  },
};
