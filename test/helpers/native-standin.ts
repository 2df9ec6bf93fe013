/**
 * Native prover binaries for the tests: executable wrappers around native-standin.mjs, one per
 * behaviour, and the binary the "valid" tests use: $ZKLIQ_NATIVE_PROVER (a real rapidsnark build)
 * when set, else the valid stand-in.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const STANDIN = join(dirname(fileURLToPath(import.meta.url)), "native-standin.mjs");

export const BAD_MODES = ["invalid-proof", "wrong-public", "non-canonical", "garbage", "missing", "exit1", "crash", "hang"] as const;
export type StandInMode = (typeof BAD_MODES)[number] | "valid" | "extra-fields";

/** Write `<dir>/prover-<mode>`, an executable honouring `prover <zkey> <witness.wtns> <proof.json> <public.json>`. */
export function standInBinary(dir: string, mode: StandInMode): string {
  const file = join(dir, `prover-${mode}`);
  writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${STANDIN}" ${mode} "$@"\n`, { mode: 0o755 });
  return file;
}

/** The real native prover under test, if $ZKLIQ_NATIVE_PROVER names one. */
export const REAL_NATIVE_PROVER: string | undefined = process.env.ZKLIQ_NATIVE_PROVER || undefined;

/** The binary the passing tests run: the real one when configured, else the valid stand-in in `dir`. */
export const validBinary = (dir: string): string => REAL_NATIVE_PROVER ?? standInBinary(dir, "valid");
