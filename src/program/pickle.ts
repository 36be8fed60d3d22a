/** `nettool pickle`: options and help. The work lives in commands/pickle.ts, loaded on use. */
import { Command } from 'commander';
import type { PickleOptions } from '../commands/pickle.js';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

export function pickleCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('pickle'))
    .description('look inside a Python pickle safely: decode it without running anything')
    .argument('[file]', 'the pickle; - or nothing reads stdin')
    .option('--dis', 'list the opcodes, as python -m pickletools does')
    .option('--check', 'exit 1 if loading it in Python would import or call anything, naming each global')
    .addHelpText(
      'after',
      examples([
        ['nettool pickle data.pkl', "the value as Python's repr shows it"],
        ["python3 -c 'import pickle,sys; sys.stdout.buffer.write(pickle.dumps([1, b\"x\"]))' | nettool pickle --json", 'as JSON'],
        ['nettool pickle --check upload.pkl', 'exit 1 and name os.system, if it is there'],
      ]),
    )
    .action(
      lazyAction(hooks, async (context, [file]: [string | undefined], options: PickleOptions) => (await import('../commands/pickle.js')).runPickle(context, file, options)),
    );
}
