import type { Hex, PrivateKeyAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { badInput } from "../errors.js";

/**
 * The account that signs transactions: `--key` or the ZKLIQ_KEY environment variable (prefer the
 * variable: command lines leak). For a local Hardhat node, its public development keys work.
 */
export function accountFromKey(key: string | undefined, env = process.env.ZKLIQ_KEY): PrivateKeyAccount {
  const k = key ?? env;
  if (k === undefined || k === "") throw badInput("no transaction key: pass --key 0x... or set ZKLIQ_KEY (64 hex digits)");
  if (!/^0x[0-9a-fA-F]{64}$/.test(k)) throw badInput("the transaction key must be 0x followed by 64 hex digits (--key or ZKLIQ_KEY)");
  try {
    return privateKeyToAccount(k as Hex);
  } catch {
    throw badInput("the transaction key is not a valid secp256k1 private key");
  }
}
