import type { FlagSpec, ParsedFlags } from './flags.ts';

/** One agnhost subcommand: its flags, cobra's positional-argument rule, and its main. */
export interface Subcommand {
  flags: FlagSpec;
  /** At most / exactly this many positional arguments (cobra.MaximumNArgs / ExactArgs). */
  args: { max?: number; exact?: number };
  main(flags: ParsedFlags): void | Promise<void>;
}
