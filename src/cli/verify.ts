/**
 * zkliq verify: any proof bundle. The statement is the bundle's own (the SDK's registry
 * dispatches on it), so this verb never names a circuit: it checks the flags' formats, then that
 * they apply to the bundle's statement (exit 2 if not), then verifies (exit 1 if invalid).
 */
import type { Command } from "commander";
import { badInput } from "../errors.js";
import type { VerifyOptions } from "../proof/verify.js";
import { contractAddress, flagName, globalsOf, marketsOf, parseSeconds, parseTimestamp, readJson } from "./options.js";
import { type GlobalOpts, emitVerdict, gas, verdictLine } from "./output.js";

interface VerifyFlags {
  commitment?: string;
  oracle?: string;
  maxAge?: string;
  liquidator?: string;
  challenge?: string;
  newCommitment?: string;
  now?: string;
  rpc?: string;
  address?: string;
}

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("verify a proof bundle against the trusted verification key (exit 1 if invalid)")
    .argument("<proof.json>")
    .option("--commitment <c>", "require this position commitment")
    .option("--oracle <address>", "require the price to be signed by this oracle")
    .option("--max-age <seconds>", "require the price to be at most this old (e.g. 300, 5m)")
    .option("--liquidator <address>", "require this liquidator to be bound in the proof")
    .option("--challenge <nonce>", "disclosure proofs: the challenge you gave the prover (required for them)")
    .option("--new-commitment <c>", "partial liquidation: require this new position commitment")
    .option("--now <unix>", "verify as of this time (default: now)")
    .option("--rpc <url>", "verify with the verifier deployed on this node instead (needs --address)")
    .option("--address <address>", "with --rpc: the ZkliqLiquidation contract whose verifier to use")
    .action(async (file: string, o: VerifyFlags, cmd: Command) => {
      const g = globalsOf(cmd);
      return o.rpc !== undefined || o.address !== undefined ? verifyWithNode(file, o, g) : verifyOffChain(file, o, g);
    });
}

/** The bundle file, parsed (bad input, exit 2, when it is not a bundle at all). */
async function readBundle(file: string) {
  const { parseBundle } = await import("../proof/bundle.js");
  return parseBundle(await readJson(file, "proof"), file);
}

async function verifyOffChain(file: string, o: VerifyFlags, g: GlobalOpts): Promise<void> {
  const [{ optionFormatProblem }, { verifyBundle, verifyOptionProblem }] = await Promise.all([
    import("../proof/verify.js"),
    import("../statements/registry.js"),
  ]);
  const opts: VerifyOptions = {
    commitment: o.commitment,
    oracle: o.oracle,
    liquidator: o.liquidator,
    challenge: o.challenge,
    newCommitment: o.newCommitment,
    maxAgeSeconds: o.maxAge === undefined ? undefined : parseSeconds(o.maxAge, "--max-age"),
    now: o.now === undefined ? undefined : parseTimestamp(o.now, "--now"),
    markets: await marketsOf(g),
  };
  const malformed = optionFormatProblem(opts, flagName);
  if (malformed) throw badInput(malformed);
  const bundle = await readBundle(file);
  const problem = await verifyOptionProblem(bundle, opts, flagName);
  if (problem) throw badInput(problem);
  const r = await verifyBundle(bundle, opts);
  emitVerdict(g, r, [
    verdictLine(r),
    ...(r.valid && r.details ? r.details.map((d) => `  ${d}`) : []),
    ...(r.valid && r.public ? Object.entries(r.public).map(([k, v]) => `  ${k.padEnd(21)} ${v}`) : []),
    ...r.warnings.map((w) => `warning: ${w}`),
  ]);
}

/** The flags --rpc cannot honour: the deployed verifier checks the Groth16 proof only. */
const OFF_CHAIN_FLAGS = ["commitment", "oracle", "maxAge", "liquidator", "now", "challenge"] as const;

/** zkliq verify --rpc --address: the generated verifier of a deployed contract decides. */
async function verifyWithNode(file: string, o: VerifyFlags, g: GlobalOpts): Promise<void> {
  if (o.rpc === undefined) throw badInput("--address needs --rpc (the node to verify on)");
  const offChain = OFF_CHAIN_FLAGS.filter((k) => o[k] !== undefined);
  if (offChain.length) throw badInput(`--rpc verifies with the deployed verifier; drop ${offChain.map(flagName).join(", ")} (off-chain checks)`);
  const { verifyOnChain } = await import("../chain/settlement.js");
  const r = await verifyOnChain(await readBundle(file), { rpcUrl: o.rpc, address: contractAddress(o.address) });
  emitVerdict(g, r, [verdictLine(r), ...(r.verifyGas !== undefined ? [`  verifyProof gas    ${gas(r.verifyGas)} (as a transaction)`] : [])]);
}
