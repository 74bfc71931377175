/**
 * `qbsc completion bash|zsh|fish`: a completion script for the shell, which asks
 * `qbsc __complete -- <words>` (hidden) for the candidates of the word at the cursor, so
 * commands, options, server and profile names and the fields of --json complete from the
 * same definitions as --help, and the scripts never go stale. Names come from the data
 * folder's files only (src-cli/complete.ts), never from the keychain.
 */

import { Argument, Command } from 'commander';
import { completions, dataDirOf, knownNames } from '../complete';

const BASH = `# qbsc completion for bash. Load it with:  source <(qbsc completion bash)
_qbsc() {
  local IFS=$'\\n' candidate
  local -a found
  found=($(qbsc __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
  COMPREPLY=()
  for candidate in "\${found[@]}"; do
    if [[ $candidate == *= || $candidate == *, ]]; then compopt -o nospace 2>/dev/null; fi
    # Quoted as the shell reads it back where needed: a server named "Box A" is Box\\ A.
    if [[ $candidate =~ ^[A-Za-z0-9_.,:=@/+-]*$ ]]; then
      COMPREPLY+=("$candidate")
    else
      COMPREPLY+=("$(printf '%q' "$candidate")")
    fi
  done
}
complete -o default -F _qbsc qbsc
`;

const ZSH = `#compdef qbsc
# qbsc completion for zsh. Load it with:  source <(qbsc completion zsh)
_qbsc() {
  local -a found open
  local ret=1
  found=("\${(@f)$(qbsc __complete -- "\${(@Q)words[2,CURRENT]}" 2>/dev/null)}")
  found=(\${found:#})
  if (( ! \${#found} )); then
    _files
    return
  fi
  # A field= or a list, to be continued, takes no space after it; a whole word does.
  open=(\${(M)found:#*[=,]})
  found=(\${found:#*[=,]})
  if (( \${#open} )); then compadd -S '' -- "\${open[@]}" && ret=0; fi
  if (( \${#found} )); then compadd -- "\${found[@]}" && ret=0; fi
  return ret
}
if (( $+functions[compdef] )); then compdef _qbsc qbsc; fi
`;

const FISH = `# qbsc completion for fish. Load it with:  qbsc completion fish | source
function __qbsc_complete
    set -l tokens (commandline -opc) (commandline -ct)
    set -l found (qbsc __complete -- $tokens[2..-1] 2>/dev/null)
    if set -q found[1]
        printf '%s\\n' $found
    else
        # Nothing from qbsc (a file argument, such as import's): the files, as bash and zsh offer.
        __fish_complete_path (commandline -ct)
    end
end
complete -c qbsc -f -a '(__qbsc_complete)'
`;

const SCRIPTS: Record<string, string> = { bash: BASH, zsh: ZSH, fish: FISH };

/** `qbsc completion <shell>`. */
export function completionCommand(): Command {
  return new Command('completion')
    .description('print a shell completion script (commands, options, server and field names)')
    .addArgument(new Argument('<shell>', 'the shell').choices(Object.keys(SCRIPTS)))
    .addHelpText(
      'after',
      '\nLoad it in the shell (or its startup file):\n  bash: source <(qbsc completion bash)\n  zsh:  source <(qbsc completion zsh)\n  fish: qbsc completion fish | source',
    )
    .action((shell: string) => {
      process.stdout.write(SCRIPTS[shell] ?? '');
    });
}

/** `qbsc __complete -- <words>` (hidden): the candidates, one a line. */
export function completeCommand(program: Command): Command {
  return new Command('__complete')
    .description('the candidates for the last word (used by the completion scripts)')
    .argument('[words...]', 'the words after qbsc, the last one being typed')
    .action((words: string[]) => {
      // The line's own --data-dir first, then this run's (--data-dir or QBSC_DATA_DIR).
      const own = program.opts<{ dataDir?: string }>().dataDir;
      const names = knownNames(dataDirOf(words, own ? { QBSC_DATA_DIR: own } : process.env));
      const lines = completions(program, words, names);
      process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    });
}
