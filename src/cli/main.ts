#!/usr/bin/env node
/**
 * zkliq CLI: a thin layer over the SDK. Exit codes: 0 success / valid; 1 proof invalid or
 * statement false; 2 bad input or usage; 3 internal error.
 */
import { Command, CommanderError, Option } from "commander";
import type { Hex } from "viem";
import {
  DEV_ORACLE_ADDRESS,
  DEV_ORACLE_KEY,
  attestPrice,
  attestationFromJson,
  attestationToJson,
  verifyPriceAttestation,
} from "../price/attestation.js";
import { RpcEvm } from "../chain/rpc.js";
import { accountFromKey } from "../chain/keys.js";
import { deployZkliq, liquidatePosition, openPosition, verifyOnChain } from "../chain/settlement.js";
import { EXIT_CODES, ZkliqError, badInput } from "../errors.js";
import { readJsonFile, writeJsonFile } from "../files.js";
import { parseBundle } from "../proof/bundle.js";
import { newChallenge, parseClaims, proveDisclosure } from "../statements/disclosure.js";
import { verifyBundle, verifyOptionProblem } from "../statements/registry.js";
import { type VerifyOptions, optionFormatProblem } from "../proof/verify.js";
import { proveLiquidation } from "../statements/liquidation.js";
import { describePlan, provePartialLiquidation } from "../statements/partial.js";
import { type Market, findMarket, loadMarkets } from "../market/markets.js";
import { commitPosition, newPosition, positionFromJson, positionToJson } from "../position/position.js";
import { shutdown } from "../proof/prover.js";
import { positionStatus } from "../position/status.js";
import { runDemo } from "../demo.js";
import { PACKAGE_VERSION } from "../root.js";
import { parseDecimal, parseField, toHex32 } from "../units.js";
import { BITS } from "../proof/circuits.js";

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

function parseTimestamp(text: string, option: string): number {
  if (!/^\d+$/.test(text)) throw badInput(`${option} "${text}" must be unix seconds (an integer)`);
  return Number(text);
}

/** A verify option's flag, for messages: maxAgeSeconds -> --max-age, newCommitment -> --new-commitment. */
const flagName = (option: string): string =>
  option === "maxAgeSeconds" ? "--max-age" : `--${option.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`;

const markets = (g: GlobalOpts): Market[] => loadMarkets(g.markets);
const gas = (n: bigint | string): string => BigInt(n).toLocaleString("en-US");

function contractAddress(text: unknown): `0x${string}` {
  if (typeof text !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw badInput(`--address "${String(text)}" is not an address (the ZkliqLiquidation contract printed by zkliq deploy)`);
  }
  return text as `0x${string}`;
}

/** Options shared by the verbs that talk to a node. */
function chainOptions(cmd: Command, withKey = true): Command {
  cmd.requiredOption("--rpc <url>", "JSON-RPC URL of the node, e.g. http://127.0.0.1:8545");
  if (withKey) cmd.option("--key <hex>", "transaction key (prefer the ZKLIQ_KEY variable: command lines leak)");
  return cmd;
}
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
          timestamp: o.timestamp === undefined ? undefined : parseTimestamp(o.timestamp, "--timestamp"),
          domain: { chainId: Number(o.chainId), verifyingContract: o.contract },
        },
        key,
        markets(g),
      );
      const json = attestationToJson(att);
      writeJsonFile(o.out, json);
      const dev = json.oracle === DEV_ORACLE_ADDRESS ? " (PUBLIC DEV KEY: for demos only)" : "";
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
    .action(async (o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const position = loadPosition(o.position, g);
      const claims = parseClaims(
        { minMarginRatio: o.minMarginRatio, maxLeverage: o.maxLeverage, liqPriceBeyond: o.liqPriceBeyond, notionalRange: o.notionalRange },
        position.market,
      );
      const now = Math.floor(Date.now() / 1000);
      const t0 = performance.now();
      const bundle = await proveDisclosure({
        position,
        price: loadPrice(o.price, g),
        claims,
        challenge: o.challenge,
        expiresAt: now + parseSeconds(o.expiresIn, "--expires-in"),
        now,
      });
      writeJsonFile(o.out, bundle);
      const ms = Math.round(performance.now() - t0);
      emit(g, { file: o.out, public: bundle.public, claims: bundle.claims, ms }, [
        `proved for challenge ${bundle.public.challenge}, valid until ${new Date(Number(bundle.public.expiresAt) * 1000).toISOString().replace(".000Z", "Z")} (${ms} ms):`,
        ...(bundle.claims ?? []).map((c) => `  claim: ${c.text}`),
        `wrote ${o.out}`,
      ]);
    });

  program
    .command("challenge")
    .description("print a fresh random challenge to give a prover (disclosure verifiers)")
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const challenge = newChallenge();
      emit(g, { challenge }, [challenge]);
    });

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
    .action(async (file: string, o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const readBundle = () => parseBundle(readJsonFile(file, "proof"), file);
      if (o.rpc !== undefined || o.address !== undefined) {
        if (o.rpc === undefined) throw badInput("--address needs --rpc (the node to verify on)");
        const offChain = ["commitment", "oracle", "maxAge", "liquidator", "now", "challenge"].filter((k) => o[k] !== undefined);
        if (offChain.length) throw badInput(`--rpc verifies with the deployed verifier; drop ${offChain.map((k) => `--${k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`).join(", ")} (off-chain checks)`);
        const r = await verifyOnChain(readBundle(), { rpcUrl: o.rpc, address: contractAddress(o.address) });
        emit(g, r, [
          `${r.valid ? "valid" : "invalid"}: ${r.reason}`,
          ...(r.verifyGas !== undefined ? [`  verifyProof gas    ${gas(r.verifyGas)} (as a transaction)`] : []),
        ]);
        if (!r.valid) process.exitCode = 1;
        return;
      }
      const opts: VerifyOptions = {
        commitment: o.commitment,
        oracle: o.oracle,
        liquidator: o.liquidator,
        challenge: o.challenge,
        newCommitment: o.newCommitment,
        maxAgeSeconds: o.maxAge === undefined ? undefined : parseSeconds(o.maxAge, "--max-age"),
        now: o.now === undefined ? undefined : parseTimestamp(o.now, "--now"),
        markets: markets(g),
      };
      const malformed = optionFormatProblem(opts, flagName);
      if (malformed) throw badInput(malformed);
      const bundle = readBundle();
      const problem = await verifyOptionProblem(bundle, opts, flagName);
      if (problem) throw badInput(problem);
      const r = await verifyBundle(bundle, opts);
      emit(g, r, [
        `${r.valid ? "valid" : "invalid"}: ${r.reason}`,
        ...(r.valid && r.details ? r.details.map((d) => `  ${d}`) : []),
        ...(r.valid && r.public ? Object.entries(r.public).map(([k, v]) => `  ${k.padEnd(21)} ${v}`) : []),
        ...r.warnings.map((w) => `warning: ${w}`),
      ]);
      if (!r.valid) process.exitCode = 1;
    });

  chainOptions(
    program
      .command("deploy")
      .description("deploy the generated Groth16 verifier and the ZkliqLiquidation contract (oracles, price age, markets)"),
  )
    .option("--oracle <address...>", "oracle addresses whose price attestations it accepts (default: the PUBLIC dev oracle)")
    .option("--max-price-age <seconds>", "oldest accepted price (e.g. 300, 5m)", "5m")
    .option("--hook <address>", "venue contract implementing ILiquidationHook, fixed for the contract's life")
    .option("--out <file>", "write the deployment (addresses, chain id, markets) as JSON")
    .action(async (o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const account = accountFromKey(o.key);
      const devOracle = o.oracle === undefined;
      const d = await deployZkliq(new RpcEvm(o.rpc), account, {
        oracles: o.oracle ?? [DEV_ORACLE_ADDRESS],
        maxPriceAgeSeconds: parseSeconds(o.maxPriceAge, "--max-price-age"),
        markets: markets(g),
        hook: o.hook,
      });
      if (o.out) writeJsonFile(o.out, d);
      emit(g, d, [
        `ZkliqLiquidation   ${d.liquidation}`,
        `LiquidationVerifier ${d.verifier}`,
        `chain ${d.chainId}, admin ${d.admin}, gas ${gas(d.gas.verifier)} + ${gas(d.gas.liquidation)}`,
        `oracles ${d.oracles.join(", ")}${devOracle ? " (the PUBLIC dev oracle: for demos only)" : ""}; max price age ${d.maxPriceAge} s`,
        `markets ${d.markets.map((m) => `${m.symbol}=${m.riskParams}`).join(", ")}`,
        `sign prices for it: zkliq price sign --chain-id ${d.chainId} --contract ${d.liquidation} ...`,
        ...(o.out ? [`wrote ${o.out}`] : []),
      ]);
    });

  chainOptions(program.command("open").description("register a position commitment on-chain; the sending account becomes its owner"))
    .requiredOption("--address <address>", "the ZkliqLiquidation contract")
    .option("--position <file>", "position opening (gives the commitment and market)")
    .option("--commitment <c>", "or: the commitment (0x-hex or decimal) ...")
    .option("--market <symbol>", "... and its market")
    .action(async (o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const address = contractAddress(o.address);
      let commitment: bigint;
      let market: Market;
      if (o.position !== undefined) {
        if (o.commitment !== undefined || o.market !== undefined) throw badInput("give --position, or --commitment with --market, not both");
        const p = loadPosition(o.position, g);
        commitment = commitPosition(p);
        market = p.market;
      } else {
        if (o.commitment === undefined || o.market === undefined) throw badInput("give --position file, or --commitment and --market");
        commitment = parseField(o.commitment, "--commitment");
        market = findMarket(o.market, markets(g));
      }
      const account = accountFromKey(o.key);
      const r = await openPosition(new RpcEvm(o.rpc), account, address, commitment, market.id);
      const json = { commitment: toHex32(commitment), market: market.symbol, owner: account.address, tx: r.hash, gasUsed: r.gasUsed.toString() };
      emit(g, json, [`opened ${json.commitment} on ${market.symbol}, owner ${account.address}`, `tx ${r.hash} (${gas(r.gasUsed)} gas)`]);
    });

  chainOptions(
    program
      .command("liquidate")
      .description("liquidate on-chain with a proof bundle, from the liquidator bound in the proof (exit 1 if the contract refuses)")
      .argument("<proof.json>"),
  )
    .requiredOption("--address <address>", "the ZkliqLiquidation contract")
    .option("--price <file>", "the price signed for this deployment (default: the price in the proof bundle)")
    .action(async (file: string, o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const address = contractAddress(o.address);
      const bundle = readJsonFile(file, "proof");
      const price = o.price === undefined ? undefined : loadPrice(o.price, g);
      const { receipt, event } = await liquidatePosition(new RpcEvm(o.rpc), accountFromKey(o.key), address, bundle, price);
      const json = { commitment: toHex32(event.commitment), owner: event.owner, liquidator: event.liquidator, tx: receipt.hash, gasUsed: receipt.gasUsed.toString() };
      emit(g, json, [
        `liquidated ${json.commitment} (owner ${event.owner}) by ${event.liquidator}`,
        `tx ${receipt.hash} (${gas(receipt.gasUsed)} gas)`,
      ]);
    });

  program
    .command("demo")
    .description(
      "run the whole flow on a bundled example: commit, attest, status, prove, verify, then deploy, open, " +
        "verify and liquidate on an embedded EVM (or on --rpc with --key playing every role)",
    )
    .option("--rpc <url>", "settle on this node instead of the embedded EVM")
    .option("--key <hex>", "with --rpc: a funded key (prefer ZKLIQ_KEY)")
    .action(async (o, cmd: Command) => {
      const g = cmd.optsWithGlobals() as GlobalOpts;
      const ok = await runDemo((line) => (g.json ? undefined : console.log(line)), { rpcUrl: o.rpc, key: o.key });
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
      // help/version asked for exit 0; help shown because a command is missing, and usage errors, exit 2
      return e.exitCode === 0 ? 0 : 2;
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

// A reader that closes early (`zkliq verify p.json | head -1`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
});
main(process.argv).then((code) => process.exit(code));
