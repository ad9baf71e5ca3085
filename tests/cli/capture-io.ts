// A CliIo that keeps what a command prints, so tests call runCli without spawning a process.
import type { CliIo } from '../../server/cli/io.ts';

export interface CapturedIo extends CliIo {
  stdout: string;
  stderr: string;
}

export function captureIo(): CapturedIo {
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
