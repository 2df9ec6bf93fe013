#!/usr/bin/env node
/**
 * zkliq CLI: a thin layer over the SDK. Exit codes: 0 success / valid; 1 proof invalid or
 * statement false; 2 bad input or usage; 3 internal error.
 */
import { Command, CommanderError, Option } from "commander";
import type { Hex } from "viem";
import {
  DEV_ORACLE_KEY,
  attestPrice,
  attestationFromJson,
  attestationToJson,
  verifyPriceAttestation,
} from "./attestation.js";
import { EXIT_CODES, ZkliqError, badInput } from "./errors.js";
import { readJsonFile, writeJsonFile } from "./files.js";
import { proveLiquidation, verifyLiquidation } from "./liquidation.js";
import { PARTIAL_CIRCUIT, describePlan, provePartialLiquidation, verifyPartialLiquidation } from "./partial.js";
import { type Market, loadMarkets } from "./markets.js";
import { commitPosition, newPosition, positionFromJson, positionToJson } from "./position.js";
import { shutdown } from "./prover.js";
import { positionStatus } from "./status.js";
import { runDemo } from "./demo.js";
import { PACKAGE_VERSION } from "./root.js";
import { parseDecimal, toHex32 } from "./units.js";
import { BITS } from "./circuits.js";

interface GlobalOpts {
  json?: boolean;
  markets?: string;
}

/** Print a result: JSON with --json, else the human lines. */
function emit(g: GlobalOpts, json: unknown, lines: string[]): void {
  if (g.json) console.log(JSON.stringify(json, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));
  else for (const l of lines) console.log(l);
}

function parseSeconds(text: string, what: string): number {
  const m = /^(\d+)(s|m|h|d)?$/.exec(text.trim());
  if (!m) throw badInput(`${what} "${text}" must be a whole number of seconds (or with s/m/h/d, e.g. 90s, 5m)`);
  const mult = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? "s") as "s"];
  return Number(m[1]) * mult;
}

function parseTimestamp(text: string): number {
  if (!/^\d+$/.test(text)) throw badInput(`--timestamp "${text}" must be unix seconds (an integer)`);
  return Number(text);
}

const markets = (g: GlobalOpts): Market[] => loadMarkets(g.markets);
const loadPosition = (file: string, g: GlobalOpts) => positionFromJson(readJsonFile(file, "position"), markets(g), file);
const loadPrice = (file: string, g: GlobalOpts) => attestationFromJson(readJsonFile(file, "price"), markets(g), file);

export function buildProgram(): Command {
  const program = new Command("zkliq")
    .description(
      "Zero-knowledge liquidation proofs: prove a hidden, committed perpetual position is below its\n" +
        "maintenance margin at an oracle-signed price, without revealing side, size, entry or collateral.\n" +
        "Exit codes: 0 ok/valid, 1 proof invalid or statement false, 2 bad input or usage, 3 internal error.",
    )
    .version(PACKAGE_VERSION)
    .option("--json", "print machine-readable JSON instead of text")
    .option("--markets <file>", "JSON file of extra markets: {\"markets\": [{id, symbol, sizeDecimals, priceDecimals, tiers | mmrBps, penaltyBps, lotSize}]}")
    .showHelpAfterError("(run with --help for usage)")
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const position = program.command("position").description("create position openings");
  position
    .command("new")
    .description("create a position opening with a fresh random salt and print its commitment (keep the file secret)")
    .requiredOption("--market <symbol>", "market symbol or id, e.g. BTC-USD")
    .addOption(new Option("--side <side>", "long or short").choices(["long", "short"]).makeOptionMandatory())
    .requiredOption("--size <amount>", "size in base asset, e.g. 0.5 (at most the market's size decimals)")
    .requiredOption("--entry-price <price>", "entry price in quote per base, e.g. 60000")
    .requiredOption("--collateral <amount>", "collateral in quote, e.g. 3000")
    .option("--entry-funding-index <index>", "cumulative funding index at entry, quote per base (signed)", "0")
    .option("--owner <address>", "owner address committed in the position", "0x0000000000000000000000000000000000000000")
    .option("--nonce <n>", "position nonce (integer)", "0")
    .requiredOption("--out <file>", "where to write the position opening")
    .action(async (o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const p = newPosition(
        {
          market: o.market,
          side: o.side,
          size: o.size,
          entryPrice: o.entryPrice,
          collateral: o.collateral,
          entryFundingIndex: o.entryFundingIndex,
          owner: o.owner,
          nonce: o.nonce,
        },
        markets(g),
      );
      const json = positionToJson(p);
      writeJsonFile(o.out, json);
      emit(g, { commitment: json.commitment, file: o.out }, [`commitment ${json.commitment}`, `wrote ${o.out} (secret: it opens the commitment)`]);
    });

  program
    .command("commit")
    .description("print the commitment of a position file")
    .argument("<position.json>")
    .action(async (file: string, _o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const c = toHex32(commitPosition(loadPosition(file, g)));
      emit(g, { commitment: c }, [c]);
    });

  const price = program.command("price").description("oracle price attestations");
  price
    .command("sign")
    .description("sign a price point as the oracle (EIP-712); key from --key or ZKLIQ_ORACLE_KEY, else the public dev key")
    .requiredOption("--market <symbol>", "market symbol or id")
    .requiredOption("--price <price>", "mark price in quote per base")
    .option("--funding-index <index>", "cumulative funding index now, quote per base (signed)", "0")
    .option("--timestamp <unix>", "unix seconds (default: now)")
    .option("--key <hex>", "oracle private key (prefer ZKLIQ_ORACLE_KEY: command lines leak)")
    .option("--chain-id <id>", "EIP-712 domain chain id (0 = off-chain only)", "0")
    .option("--contract <address>", "EIP-712 verifying contract (the liquidation contract)", "0x0000000000000000000000000000000000000000")
    .requiredOption("--out <file>", "where to write the signed price")
    .action(async (o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const key = (o.key ?? process.env.ZKLIQ_ORACLE_KEY ?? DEV_ORACLE_KEY) as Hex;
      if (!/^\d+$/.test(o.chainId)) throw badInput(`--chain-id "${o.chainId}" must be an integer`);
      if (!/^0x[0-9a-fA-F]{40}$/.test(o.contract)) throw badInput(`--contract "${o.contract}" is not an address`);
      const att = await attestPrice(
        {
          market: o.market,
          markPrice: o.price,
          fundingIndex: o.fundingIndex,
          timestamp: o.timestamp === undefined ? undefined : parseTimestamp(o.timestamp),
          domain: { chainId: Number(o.chainId), verifyingContract: o.contract },
        },
        key,
        markets(g),
      );
      const json = attestationToJson(att);
      writeJsonFile(o.out, json);
      const dev = key === DEV_ORACLE_KEY ? " (PUBLIC DEV KEY: for demos only)" : "";
      emit(g, json, [`price commitment ${json.commitment}`, `signed by ${json.oracle}${dev}`, `wrote ${o.out}`]);
    });

  program
    .command("status")
    .description("margin figures of a position at a signed price: equity, tier, requirement, margin ratio, liquidation price and distance")
    .requiredOption("--position <file>", "position opening")
    .requiredOption("--price <file>", "signed price")
    .action(async (o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const p = loadPosition(o.position, g);
      const px = loadPrice(o.price, g);
      if (px.marketId !== p.marketId) throw badInput(`price is for ${px.market.symbol} but the position is on ${p.market.symbol}`);
      const att = await verifyPriceAttestation(px);
      if (!att.valid) throw badInput(`${o.price}: ${att.reason}`);
      const s = positionStatus(p, px);
      const t = s.text;
      const lpTier = s.liquidationTier === null || s.liquidationTier === s.tier ? "" : ` (in tier ${s.liquidationTier + 1})`;
      emit(g, { ...t, side: s.side, market: s.market, tierIndex: s.tier, liquidatable: s.liquidatable, bankrupt: s.bankrupt }, [
        `market            ${s.market} ${s.side}`,
        `mark price        ${t.markPrice}`,
        `equity            ${t.equity}`,
        `notional          ${t.notional}`,
        `tier              ${t.tier}`,
        `requirement       ${t.requirement} (maintenance ${t.maintenanceRate} of notional)`,
        `margin ratio      ${t.marginRatio}`,
        `liquidation price ${t.liquidationPrice}${lpTier}`,
        `distance          ${t.distanceToLiquidation} of the mark price`,
        `liquidatable      ${s.liquidatable ? "yes" : "no"}${s.bankrupt ? " (bankrupt: equity < 0)" : ""}`,
      ]);
    });

  program
    .command("prove")
    .description(
      "prove the position is below maintenance margin at the signed price (exit 1 if it is healthy);\n" +
        "with --partial, prove a partial liquidation that closes the minimal size (or --close-size) into a new position",
    )
    .requiredOption("--position <file>", "position opening")
    .requiredOption("--price <file>", "signed price")
    .option("--liquidator <address>", "address bound into the proof (only it may use the proof on-chain)")
    .option("--partial", "prove a partial liquidation (a state transition to a new committed position)")
    .option("--close-size <amount>", "with --partial: size to close (default: the minimal one, in whole lots)")
    .option("--new-position <file>", "with --partial: where to write the new position opening (default: next to --out)")
    .requiredOption("--out <file>", "where to write the proof bundle")
    .action(async (o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      if (!o.partial && (o.closeSize !== undefined || o.newPosition !== undefined)) {
        throw badInput("--close-size and --new-position need --partial");
      }
      if (o.partial) return provePartial(o, g);
      const t0 = performance.now();
      const bundle = await proveLiquidation({
        position: loadPosition(o.position, g),
        price: loadPrice(o.price, g),
        liquidator: o.liquidator,
      });
      writeJsonFile(o.out, bundle);
      const ms = Math.round(performance.now() - t0);
      emit(g, { file: o.out, public: bundle.public, ms }, [
        `proved: position ${bundle.public.positionCommitment} is liquidatable (${ms} ms)`,
        `wrote ${o.out}`,
      ]);
    });

  program
    .command("verify")
    .description("verify a proof bundle against the trusted verification key (exit 1 if invalid)")
    .argument("<proof.json>")
    .option("--commitment <c>", "require this position commitment")
    .option("--oracle <address>", "require the price to be signed by this oracle")
    .option("--max-age <seconds>", "require the price to be at most this old (e.g. 300, 5m)")
    .option("--liquidator <address>", "require this liquidator to be bound in the proof")
    .option("--new-commitment <c>", "partial liquidation: require this new position commitment")
    .option("--now <unix>", "verify as of this time (default: now)")
    .action(async (file: string, o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const bundle = readJsonFile(file, "proof");
      if (o.commitment !== undefined && !/^(0x[0-9a-fA-F]{1,64}|\d+)$/.test(o.commitment)) {
        throw badInput(`--commitment "${o.commitment}" is not a field element (0x-hex or decimal)`);
      }
      if (o.oracle !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(o.oracle)) throw badInput(`--oracle "${o.oracle}" is not an address`);
      if (o.liquidator !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(o.liquidator)) {
        throw badInput(`--liquidator "${o.liquidator}" is not an address`);
      }
      if (o.newCommitment !== undefined && !/^(0x[0-9a-fA-F]{1,64}|\d+)$/.test(o.newCommitment)) {
        throw badInput(`--new-commitment "${o.newCommitment}" is not a field element (0x-hex or decimal)`);
      }
      const partial = (bundle as { circuit?: unknown } | null)?.circuit === PARTIAL_CIRCUIT;
      if (!partial && o.newCommitment !== undefined) throw badInput("--new-commitment applies to partial-liquidation proofs only");
      const vopts = {
        commitment: o.commitment,
        oracle: o.oracle,
        liquidator: o.liquidator,
        maxAgeSeconds: o.maxAge === undefined ? undefined : parseSeconds(o.maxAge, "--max-age"),
        now: o.now === undefined ? undefined : parseTimestamp(o.now),
        markets: markets(g),
      };
      const r = partial
        ? await verifyPartialLiquidation(bundle, { ...vopts, newCommitment: o.newCommitment })
        : await verifyLiquidation(bundle, vopts);
      emit(g, r, [
        `${r.valid ? "valid" : "invalid"}: ${r.reason}`,
        ...(r.valid && r.details ? r.details.map((d) => `  ${d}`) : []),
        ...(r.valid && r.public ? Object.entries(r.public).map(([k, v]) => `  ${k.padEnd(21)} ${v}`) : []),
        ...r.warnings.map((w) => `warning: ${w}`),
      ]);
      if (!r.valid) process.exitCode = 1;
    });

  program
    .command("demo")
    .description("run the whole flow on a bundled example: commit, attest, status, prove, verify")
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const ok = await runDemo((line) => (g.json ? undefined : console.log(line)));
      if (g.json) console.log(JSON.stringify(ok, null, 2));
      if (!ok.valid) process.exitCode = 1;
    });

  return program;
}

/** zkliq prove --partial: plan the close (minimal size by default), prove it, write the bundle and the new opening. */
async function provePartial(o: Record<string, string | undefined>, g: GlobalOpts): Promise<void> {
  const position = loadPosition(o.position!, g);
  const price = loadPrice(o.price!, g);
  const closeSize =
    o.closeSize === undefined
      ? undefined
      : parseDecimal(o.closeSize, position.market.sizeDecimals, "--close-size", { bits: BITS.size, positive: true });
  const newFile = o.newPosition ?? o.out!.replace(/(\.json)?$/, ".new-position.json");
  if (newFile === o.out) throw badInput("--new-position must differ from --out");
  const t0 = performance.now();
  const r = await provePartialLiquidation({ position, price, liquidator: o.liquidator, closeSize });
  const ms = Math.round(performance.now() - t0);
  writeJsonFile(newFile, positionToJson(r.newPosition));
  writeJsonFile(o.out!, r.bundle);
  emit(g, { file: o.out, newPosition: newFile, closeSize: r.plan.closeSize, minimalCloseSize: r.plan.minimalCloseSize, public: r.bundle.public, ms }, [
    ...describePlan(position, price, r.plan),
    `proved: partial liquidation ${r.bundle.public.positionCommitment} -> ${r.bundle.public.newPositionCommitment} (${ms} ms)`,
    `wrote ${o.out} and ${newFile} (secret: it opens the new commitment)`,
  ]);
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof ZkliqError) {
      process.stderr.write(`zkliq: ${e.message}\n`);
      return EXIT_CODES[e.kind];
    }
    process.stderr.write(`zkliq: internal error: ${(e as Error).message?.split("\n")[0] ?? String(e)}\n`);
    return 3;
  } finally {
    await shutdown();
  }
}

main(process.argv).then((code) => process.exit(code));
