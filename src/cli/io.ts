/**
 * What every command is handed: its streams and environment, so tests run commands in-process with
 * their own. It lives apart from the dispatcher (src/cli.ts) so that commands never import the module
 * that loads them.
 */
export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export type Command = (args: string[], io: CommandIO) => Promise<number>;
