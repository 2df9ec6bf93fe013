import type { PrivateKeyAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice } from "../price/attestation.js";
import type { ProofBundle } from "../proof/bundle.js";
import type { Position } from "../position/position.js";
import { toHex32 } from "../units.js";
import { ContractRevert } from "./contracts.js";
import type { Evm } from "./evm.js";
import { RpcEvm } from "./rpc.js";
import { accountFromKey } from "./keys.js";
import { deployZkliq, liquidatePosition, openPosition, verifyOnChain } from "./settlement.js";

export interface DemoChain {
  evm: Evm;
  admin: PrivateKeyAccount;
  owner: PrivateKeyAccount;
  liquidator: PrivateKeyAccount;
}

/**
 * The chain the demo settles on: a node at `rpcUrl` with one funded key playing every role, or
 * an embedded EVM with three fresh funded accounts.
 */
export async function demoChain(opts: { rpcUrl?: string; key?: string }): Promise<DemoChain> {
  if (opts.rpcUrl) {
    const account = accountFromKey(opts.key);
    return { evm: new RpcEvm(opts.rpcUrl), admin: account, owner: account, liquidator: account };
  }
  const [admin, owner, liquidator] = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey())) as [
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
  ];
  const { EmbeddedEvm } = await import("./embedded.js"); // loads @ethereumjs only when needed
  const evm = await EmbeddedEvm.create({ fund: [admin.address, owner.address, liquidator.address] });
  return { evm, admin, owner, liquidator };
}

export interface OnChainDemoResult {
  chain: string;
  liquidation: string;
  verifier: string;
  gas: { deployVerifier: string; deployLiquidation: string; open: string; verifyProof: string; liquidate: string };
  /** The position was liquidated (and a second liquidation refused). */
  liquidated: boolean;
}

const g = (n: bigint | string): string => BigInt(n).toLocaleString("en-US");

/**
 * Steps 6-10 of the demo: deploy, open the position, have the oracle sign the same price point for
 * this deployment, verify the proof with the deployed verifier, liquidate, and show that a second
 * liquidation is refused.
 */
export async function runOnChainDemo(
  print: (line: string) => void,
  c: DemoChain,
  position: Position,
  bundle: ProofBundle,
  priceTimestamp: number,
): Promise<OnChainDemoResult> {
  const d = await deployZkliq(c.evm, c.admin, { oracles: [DEV_ORACLE_ADDRESS], maxPriceAgeSeconds: 300 });
  print(
    `6. deploy  ${c.evm.description}: LiquidationVerifier ${d.verifier} (${g(d.gas.verifier)} gas), ` +
      `ZkliqLiquidation ${d.liquidation} (${g(d.gas.liquidation)} gas)`,
  );
  const commitment = BigInt(bundle.publicSignals[0]!);
  const open = await openPosition(c.evm, c.owner, d.liquidation, commitment, position.marketId);
  print(`7. open    owner ${c.owner.address} registers ${toHex32(commitment)} on ${position.market.symbol} (${g(open.gasUsed)} gas)`);
  const price = await attestPrice(
    { market: position.marketId, markPrice: bundle.price.markPrice, fundingIndex: bundle.price.fundingIndex, timestamp: priceTimestamp, domain: { chainId: d.chainId, verifyingContract: d.liquidation } },
    DEV_ORACLE_KEY,
  );
  print(`8. attest  the oracle signs the same price point for this deployment (EIP-712 domain: chain ${d.chainId}, ${d.liquidation})`);
  const v = await verifyOnChain(bundle, { evm: c.evm, address: d.liquidation });
  print(`9. verify  on-chain: ${v.valid ? `verifyProof accepts the proof (${g(v.verifyGas ?? 0n)} gas as a transaction)` : `invalid: ${v.reason}`}`);
  const { receipt } = await liquidatePosition(c.evm, c.liquidator, d.liquidation, bundle, price);
  print(`10. liquidate liquidator ${c.liquidator.address}: PositionLiquidated (${g(receipt.gasUsed)} gas for the whole transaction)`);
  const second = await liquidatePosition(c.evm, c.liquidator, d.liquidation, bundle, price).then(
    () => undefined,
    (e: unknown) => {
      if (e instanceof ContractRevert) return e.revert.name;
      throw e;
    },
  );
  if (second === undefined) throw new Error("a second liquidation of the same position was accepted");
  print(`    a second liquidation of the same position is refused: ${second}`);
  return {
    chain: c.evm.description,
    liquidation: d.liquidation,
    verifier: d.verifier,
    gas: {
      deployVerifier: d.gas.verifier,
      deployLiquidation: d.gas.liquidation,
      open: open.gasUsed.toString(),
      verifyProof: String(v.verifyGas ?? 0n),
      liquidate: receipt.gasUsed.toString(),
    },
    liquidated: true,
  };
}
