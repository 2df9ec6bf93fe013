/** zkliq deploy, open, liquidate: the verbs that send transactions to a node (they load viem). */
import type { Command } from "commander";
import { badInput } from "../errors.js";
import type { Market } from "../market/markets.js";
import { chainOptions, contractAddress, globalsOf, loadPosition, loadPrice, marketsOf, parseSeconds, readJson, writeJson } from "./options.js";
import { emit, gas } from "./output.js";

interface ChainFlags {
  rpc: string;
  key?: string;
}

export function registerChain(program: Command): void {
  registerDeploy(program);
  registerOpen(program);
  registerLiquidate(program);
}

function registerDeploy(program: Command): void {
  chainOptions(
    program
      .command("deploy")
      .description("deploy the generated Groth16 verifier and the ZkliqLiquidation contract (oracles, price age, markets)"),
  )
    .option("--oracle <address...>", "oracle addresses whose price attestations it accepts (default: the PUBLIC dev oracle)")
    .option("--max-price-age <seconds>", "oldest accepted price (e.g. 300, 5m)", "5m")
    .option("--hook <address>", "venue contract implementing ILiquidationHook, fixed for the contract's life")
    .option("--out <file>", "write the deployment (addresses, chain id, markets) as JSON")
    .action(deployAction);
}

function registerOpen(program: Command): void {
  chainOptions(program.command("open").description("register a position commitment on-chain; the sending account becomes its owner"))
    .requiredOption("--address <address>", "the ZkliqLiquidation contract")
    .option("--position <file>", "position opening (gives the commitment and market)")
    .option("--commitment <c>", "or: the commitment (0x-hex or decimal) ...")
    .option("--market <symbol>", "... and its market")
    .action(openAction);
}

function registerLiquidate(program: Command): void {
  chainOptions(
    program
      .command("liquidate")
      .description("liquidate on-chain with a proof bundle, from the liquidator bound in the proof (exit 1 if the contract refuses)")
      .argument("<proof.json>"),
  )
    .requiredOption("--address <address>", "the ZkliqLiquidation contract")
    .option("--price <file>", "the price signed for this deployment (default: the price in the proof bundle)")
    .action(liquidateAction);
}

/** viem and the settlement code, loaded only by these verbs. */
const chainModules = () => Promise.all([import("../chain/keys.js"), import("../chain/rpc.js"), import("../chain/settlement.js")]);

async function deployAction(o: ChainFlags & { oracle?: string[]; maxPriceAge: string; hook?: string; out?: string }, cmd: Command): Promise<void> {
  const g = globalsOf(cmd);
  const [{ accountFromKey }, { RpcEvm }, { deployZkliq }] = await chainModules();
  const { DEV_ORACLE_ADDRESS } = await import("../price/attestation.js");
  const account = accountFromKey(o.key);
  const devOracle = o.oracle === undefined;
  const d = await deployZkliq(new RpcEvm(o.rpc), account, {
    oracles: o.oracle ?? [DEV_ORACLE_ADDRESS],
    maxPriceAgeSeconds: parseSeconds(o.maxPriceAge, "--max-price-age"),
    markets: await marketsOf(g),
    hook: o.hook,
  });
  if (o.out) await writeJson(o.out, d);
  emit(g, d, [
    `ZkliqLiquidation   ${d.liquidation}`,
    `LiquidationVerifier ${d.verifier}`,
    `chain ${d.chainId}, admin ${d.admin}, gas ${gas(d.gas.verifier)} + ${gas(d.gas.liquidation)}`,
    `oracles ${d.oracles.join(", ")}${devOracle ? " (the PUBLIC dev oracle: for demos only)" : ""}; max price age ${d.maxPriceAge} s`,
    `markets ${d.markets.map((m) => `${m.symbol}=${m.riskParams}`).join(", ")}`,
    `sign prices for it: zkliq price sign --chain-id ${d.chainId} --contract ${d.liquidation} ...`,
    ...(o.out ? [`wrote ${o.out}`] : []),
  ]);
}

/** The position to open: from --position, or from --commitment with --market. */
async function positionToOpen(o: { position?: string; commitment?: string; market?: string }, cmd: Command): Promise<{ commitment: bigint; market: Market }> {
  const g = globalsOf(cmd);
  if (o.position !== undefined) {
    if (o.commitment !== undefined || o.market !== undefined) throw badInput("give --position, or --commitment with --market, not both");
    const { commitPosition } = await import("../position/position.js");
    const p = await loadPosition(o.position, g);
    return { commitment: commitPosition(p), market: p.market };
  }
  if (o.commitment === undefined || o.market === undefined) throw badInput("give --position file, or --commitment and --market");
  const [{ parseField }, { findMarket }] = await Promise.all([import("../units.js"), import("../market/markets.js")]);
  const commitment = parseField(o.commitment, "--commitment");
  return { commitment, market: findMarket(o.market, await marketsOf(g)) };
}

async function openAction(o: ChainFlags & { address: string; position?: string; commitment?: string; market?: string }, cmd: Command): Promise<void> {
  const address = contractAddress(o.address);
  const { commitment, market } = await positionToOpen(o, cmd);
  const [{ accountFromKey }, { RpcEvm }, { openPosition }] = await chainModules();
  const { toHex32 } = await import("../units.js");
  const account = accountFromKey(o.key);
  const r = await openPosition(new RpcEvm(o.rpc), account, address, commitment, market.id);
  const json = { commitment: toHex32(commitment), market: market.symbol, owner: account.address, tx: r.hash, gasUsed: r.gasUsed.toString() };
  emit(globalsOf(cmd), json, [`opened ${json.commitment} on ${market.symbol}, owner ${account.address}`, `tx ${r.hash} (${gas(r.gasUsed)} gas)`]);
}

async function liquidateAction(file: string, o: ChainFlags & { address: string; price?: string }, cmd: Command): Promise<void> {
  const g = globalsOf(cmd);
  const address = contractAddress(o.address);
  const bundle = await readJson(file, "proof");
  const price = o.price === undefined ? undefined : await loadPrice(o.price, g);
  const [{ accountFromKey }, { RpcEvm }, { liquidatePosition }] = await chainModules();
  const { toHex32 } = await import("../units.js");
  const { receipt, event } = await liquidatePosition(new RpcEvm(o.rpc), accountFromKey(o.key), address, bundle, price);
  const json = { commitment: toHex32(event.commitment), owner: event.owner, liquidator: event.liquidator, tx: receipt.hash, gasUsed: receipt.gasUsed.toString() };
  emit(g, json, [`liquidated ${json.commitment} (owner ${event.owner}) by ${event.liquidator}`, `tx ${receipt.hash} (${gas(receipt.gasUsed)} gas)`]);
}
