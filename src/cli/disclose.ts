/** zkliq disclose, zkliq challenge: prove claims about a position to one verifier. */
import type { Command } from "commander";
import { type ProverFlags, globalsOf, loadPosition, loadPrice, parseSeconds, proverChoice, proverOption, verboseOption, writeJson } from "./options.js";
import { emit, isoSeconds } from "./output.js";

interface DiscloseFlags extends ProverFlags {
  position: string;
  price: string;
  minMarginRatio?: string;
  maxLeverage?: string;
  liqPriceBeyond?: string;
  notionalRange?: string;
  challenge: string;
  expiresIn: string;
  out: string;
}

export function registerDisclose(program: Command): void {
  registerDiscloseVerb(program);
  registerChallenge(program);
}

function registerDiscloseVerb(program: Command): void {
  program
    .command("disclose")
    .description(
      "prove claims about a position, and nothing else, to one verifier until an expiry (exit 1 naming the claim if one is false)",
    )
    .requiredOption("--position <file>", "position opening")
    .requiredOption("--price <file>", "signed price")
    .option("--min-margin-ratio <ratio>", 'claim: margin ratio (equity / notional) at least this, e.g. "10%" or "1000bps"')
    .option("--max-leverage <x>", 'claim: leverage (notional / equity) at most this, with positive equity, e.g. "5"')
    .option("--liq-price-beyond <price>", "claim: liquidation price <= this for a long, >= for a short (the side stays hidden)")
    .option("--notional-range <min:max>", "claim: notional (size x mark price) in [min, max], in quote, e.g. 10000:50000")
    .requiredOption("--challenge <nonce>", "the verifier's challenge (field element, 0x-hex or decimal; see `zkliq challenge`)")
    .option("--expires-in <duration>", "how long verifiers accept the proof (e.g. 90s, 30m, 1h, 2d)", "1h")
    .requiredOption("--out <file>", "where to write the disclosure proof bundle")
    .addOption(proverOption())
    .addOption(verboseOption())
    .action(discloseAction);
}

function registerChallenge(program: Command): void {
  program
    .command("challenge")
    .description("print a fresh random challenge to give a prover (disclosure verifiers)")
    .action(async (_o: unknown, cmd: Command) => {
      const { newChallenge } = await import("../statements/disclosure.js");
      const challenge = newChallenge();
      emit(globalsOf(cmd), { challenge }, [challenge]);
    });
}

async function discloseAction(o: DiscloseFlags, cmd: Command): Promise<void> {
  const g = globalsOf(cmd);
  const { parseClaims, proveDisclosure } = await import("../statements/disclosure.js");
  const position = await loadPosition(o.position, g);
  const { minMarginRatio, maxLeverage, liqPriceBeyond, notionalRange } = o;
  const claims = parseClaims({ minMarginRatio, maxLeverage, liqPriceBeyond, notionalRange }, position.market);
  const now = Math.floor(Date.now() / 1000);
  const t0 = performance.now();
  const price = await loadPrice(o.price, g);
  const expiresAt = now + parseSeconds(o.expiresIn, "--expires-in");
  const how = proverChoice(o);
  const bundle = await proveDisclosure({ position, price, claims, challenge: o.challenge, expiresAt, now, ...how.options });
  await writeJson(o.out, bundle);
  const ms = Math.round(performance.now() - t0);
  emit(g, { file: o.out, public: bundle.public, claims: bundle.claims, ms, ...how.report() }, [
    `proved for challenge ${bundle.public.challenge}, valid until ${isoSeconds(bundle.public.expiresAt!)} (${ms} ms):`,
    ...(bundle.claims ?? []).map((c) => `  claim: ${c.text}`),
    `wrote ${o.out}`,
  ]);
}
