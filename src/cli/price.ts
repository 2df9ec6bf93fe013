/** zkliq price sign: attest a price point as the oracle. */
import type { Command } from "commander";
import { badInput } from "../errors.js";
import { globalsOf, marketsOf, parseTimestamp, writeJson } from "./options.js";
import { emit } from "./output.js";

interface SignFlags {
  market: string;
  price: string;
  fundingIndex: string;
  timestamp?: string;
  key?: string;
  chainId: string;
  contract: string;
  out: string;
}

export function registerPrice(program: Command): void {
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
    .action(signAction);
}

async function signAction(o: SignFlags, cmd: Command): Promise<void> {
  const g = globalsOf(cmd);
  const { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice, attestationToJson } = await import("../price/attestation.js");
  const key = (o.key ?? process.env.ZKLIQ_ORACLE_KEY ?? DEV_ORACLE_KEY) as `0x${string}`;
  if (!/^\d+$/.test(o.chainId)) throw badInput(`--chain-id "${o.chainId}" must be an integer`);
  if (!/^0x[0-9a-fA-F]{40}$/.test(o.contract)) throw badInput(`--contract "${o.contract}" is not an address`);
  const timestamp = o.timestamp === undefined ? undefined : parseTimestamp(o.timestamp, "--timestamp");
  const domain = { chainId: Number(o.chainId), verifyingContract: o.contract as `0x${string}` };
  const att = await attestPrice({ market: o.market, markPrice: o.price, fundingIndex: o.fundingIndex, timestamp, domain }, key, await marketsOf(g));
  const json = attestationToJson(att);
  await writeJson(o.out, json);
  const dev = json.oracle === DEV_ORACLE_ADDRESS ? " (PUBLIC DEV KEY: for demos only)" : "";
  emit(g, json, [`price commitment ${json.commitment}`, `signed by ${json.oracle}${dev}`, `wrote ${o.out}`]);
}
