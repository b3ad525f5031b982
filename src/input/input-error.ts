/**
 * Input that cannot be used, as one error type with a one-line message (`file[:line[:column]]: reason`), and file
 * system errors described in one line. Shared by the CLI and the cdk8s plugin.
 * @internal
 */

/** Input the CLI cannot use. Its message is one line: `file[:line[:column]]: reason`. */
export class InputError extends Error {
  constructor(
    /** What is wrong, without the location. */
    public readonly reason: string,
    /** The file (or `<stdin>`, or a directory) the problem is in. */
    public readonly file?: string,
    /** 1-based line, when known. */
    public readonly line?: number,
    /** 1-based column, when known. */
    public readonly column?: number,
  ) {
    super(`${file !== undefined ? `${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ` : ''}${reason}`);
    this.name = 'InputError';
  }
}

/** One line describing a file system error, without a stack trace. */
export function describeError(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'not a directory';
    case 'ELOOP': return 'too many symbolic links';
    default: break;
  }
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0];
}
