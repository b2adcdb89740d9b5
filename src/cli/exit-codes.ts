/**
 * kubesim's exit codes (docs/cli.md). Distinct, so a script or CI step can tell them apart.
 * Values follow BSD sysexits where one fits (EX_USAGE 64, EX_DATAERR 65, EX_SOFTWARE 70).
 */
export const EXIT = {
  /** The run (or command) succeeded. */
  ok: 0,
  /** A scenario expectation (SLO) failed. */
  expectationFailed: 1,
  /** Conformance cases failed. */
  conformanceFailed: 3,
  /** Wrong command-line usage. */
  usage: 64,
  /** The scenario or a manifest is invalid (file:line:col errors printed). */
  invalidInput: 65,
  /** A bug in kubesim: an invariant broke or an unexpected exception. */
  internal: 70,
  /** Interrupted by SIGINT/SIGTERM; outputs were flushed and summary.json is marked interrupted. */
  interrupted: 130,
} as const;
