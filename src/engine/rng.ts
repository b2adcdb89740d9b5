import seedrandom from 'seedrandom';

/** A uniform source on [0, 1). */
export type Uniform = () => number;

/**
 * Named random streams. Each stream is an independent generator seeded by (scenario seed, stream
 * name), so adding a random process never changes the draws of another: common random numbers
 * across the configurations of a sweep. Streams are created on first use and cached.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Uniform>();

  constructor(readonly seed: number | string) {}

  /** The stream called `name`; the same name always returns the same generator. */
  stream(name: string): Uniform {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = seedrandom.alea(`kubesim/${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}

/** A uniform integer in [0, n). */
export function randomInt(u: Uniform, n: number): number {
  return Math.floor(u() * n);
}
