/**
 * A Dockerfile as stages of instructions, for the static checks (dockerfile.test.ts). Handles what ours uses:
 * comments, `\` continuations, `FROM … AS name`, and the JSON (exec) form of arguments.
 */

export interface Instruction {
  /** Upper case: `FROM`, `RUN`, `COPY`… */
  keyword: string;
  /** The text after the keyword, continuations joined. */
  text: string;
  /** The line it starts on, from 1. */
  line: number;
}

export interface Stage {
  /** `FROM`'s image, build arguments left as written (`node:${NODE_VERSION}-bookworm`). */
  image: string;
  /** `AS <name>`, if any. */
  name?: string;
  instructions: Instruction[];
}

/** Every instruction, in order; comment lines (and the `# syntax=` directive) are skipped. */
export function parseInstructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!.trim();
    if (!first || first.startsWith('#')) continue;
    const start = i;
    let joined = first;
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      const next = lines[++i]!.trim();
      // Docker drops comment and blank lines inside a continued instruction.
      if (!next || next.startsWith('#')) continue;
      joined = `${joined.slice(0, -1).trimEnd()} ${next}`;
    }
    const match = /^([A-Za-z]+)\s+([\s\S]*)$/.exec(joined);
    if (match) out.push({ keyword: match[1]!.toUpperCase(), text: match[2]!.trim(), line: start + 1 });
  }
  return out;
}

/** The stages, each with the instructions after its `FROM`; instructions before the first `FROM` (`ARG`) are left out. */
export function parseStages(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.text.replace(/--platform=\S+\s+/, '').split(/\s+/);
      stages.push({ image, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The arguments of an exec-form instruction (`["node", "x.js"]`), or the shell form split on spaces. */
export function argumentsOf(instruction: Instruction): string[] {
  if (instruction.text.startsWith('[')) return JSON.parse(instruction.text) as string[];
  return instruction.text.split(/\s+/).filter(Boolean);
}

/** A `COPY`/`ADD`'s flags (`--from=build` → `{ from: 'build' }`), sources and destination. */
export function copyOf(instruction: Instruction): { flags: Record<string, string>; sources: string[]; destination: string } {
  const words = argumentsOf(instruction);
  const flags: Record<string, string> = {};
  while (words[0]?.startsWith('--')) {
    const [flag, value = 'true'] = words.shift()!.slice(2).split('=');
    flags[flag!] = value;
  }
  const destination = words.pop() ?? '';
  return { flags, sources: words, destination };
}

/** `ENV A=1 B=2` (or the old `ENV A 1`) as a map. */
export function envOf(instruction: Instruction): Record<string, string> {
  const text = instruction.text.replace(/\\\s*/g, ' ');
  if (!text.includes('=')) {
    const [name = '', ...value] = text.split(/\s+/);
    return { [name]: value.join(' ') };
  }
  return Object.fromEntries([...text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]));
}
