/**
 * The `motcua` command line. `main` takes the arguments without node and the script, returns the exit code, and
 * never throws: bin/motcua.js calls it and exits with the code.
 */
import { runCatalogCommand } from './catalog.js';
import { runCompileCommand } from './compile.js';
import { runServeCommand } from './serve.js';
import { processIo, type CliIo } from './io.js';

export { bufferIo, processIo, type CliIo } from './io.js';
export { runCompileCommand } from './compile.js';
export { runServeCommand } from './serve.js';

interface Command {
  run(argv: string[], io: CliIo): Promise<number>;
  summary: string;
}

/** Subcommands. */
const COMMANDS: Record<string, Command> = {
  compile: {
    run: runCompileCommand,
    summary: 'biên dịch và kiểm tra thủ tục / compile and check procedures',
  },
  // `catalog` is written in cli/catalog.ts (catalog import); it prints to the process streams itself.
  catalog: {
    run: (argv) => runCatalogCommand(argv),
    summary: 'nhập danh mục thủ tục từ dữ liệu công khai / import the procedure catalog',
  },
  api: {
    run: (_argv, io) => runServeCommand('api', io),
    summary: 'chạy một tiến trình API / run one API process (servers already running)',
  },
  worker: {
    run: (_argv, io) => runServeCommand('worker', io),
    summary: 'chạy một tiến trình worker / run one worker process (servers already running)',
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Cách dùng / Usage: motcua <lệnh / command> [tùy chọn / options]\n\n${lines.join('\n')}\n\nmotcua <command> --help: chi tiết / details.\n`;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined) {
      io.err(usage());
      return 2;
    }
    if (name === '-h' || name === '--help' || name === 'help') {
      io.out(usage());
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) {
      io.err(`Lệnh không tồn tại / unknown command: ${name}\n\n${usage()}`);
      return 2;
    }
    return await command.run(rest, io);
  } catch (e) {
    // Last line of defence: report, never crash with a stack trace.
    io.err(`Lỗi nội bộ / internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
