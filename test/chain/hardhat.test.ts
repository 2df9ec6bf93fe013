// End-to-end on a real JSON-RPC node: Hardhat 2's node on 127.0.0.1, started here and always
// stopped in afterAll. The settlement suite over JSON-RPC (viem), two valid proofs for one
// position in one block, and verifyOnChain by URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_ORACLE_ADDRESS } from "../../src/price/attestation.js";
import { RpcEvm } from "../../src/chain/rpc.js";
import { deployZkliq, encodeLiquidationCall, openPosition, positionOf, verifyOnChain } from "../../src/chain/settlement.js";
import { shutdown } from "../../src/proof/prover.js";
import { AHEAD, LIQUIDATOR, MAX_AGE, OWNER, ADMIN, makeProofFixture, malleate, signFor } from "../helpers/chain.js";
import { type HardhatNode, startHardhatNode } from "../helpers/hardhat-node.js";
import { settlementSuite } from "../helpers/settlement-suite.js";

let node: HardhatNode | undefined;
let evm: RpcEvm;

beforeAll(async () => {
  node = await startHardhatNode({ lifetimeMs: 10 * 60_000, behindSeconds: AHEAD });
  evm = new RpcEvm(node.url);
}, 90_000);
afterAll(async () => {
  await node?.stop();
  await shutdown();
});

const advance = async (seconds: number): Promise<void> => {
  await evm.request("evm_increaseTime", [seconds]);
  await evm.request("evm_mine");
};

describe("the node", () => {
  it("is Hardhat's, on 127.0.0.1, chain 31337", async () => {
    expect(node!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await evm.chainId()).toBe(31337);
    expect(String(await evm.request("web3_clientVersion"))).toMatch(/HardhatNetwork\/2\./);
  });
});

settlementSuite("hardhat node", () => ({ evm, advance }));

describe("hardhat node: two valid proofs for one position in one block", () => {
  it("only the first liquidation succeeds", async () => {
    const fx = await makeProofFixture();
    // The suite above moved the chain's clock about MAX_AGE past the wall clock: allow for it.
    const d = await deployZkliq(evm, ADMIN, { oracles: [DEV_ORACLE_ADDRESS], maxPriceAgeSeconds: 4 * MAX_AGE });
    await openPosition(evm, OWNER, d.liquidation, fx.commitment, 1);
    const att = await signFor(fx, d);
    expect(await verifyOnChain(fx.bundle, { rpcUrl: node!.url, address: d.liquidation })).toMatchObject({ valid: true });
    await evm.request("evm_setAutomine", [false]);
    try {
      // Both are valid proofs of the same statement; both are submitted before either is mined.
      const hashes: `0x${string}`[] = [];
      for (const b of [fx.bundle, malleate(fx.bundle)]) {
        hashes.push(await evm.submit(LIQUIDATOR, { to: d.liquidation, data: encodeLiquidationCall(b, att), gas: 500_000n }));
      }
      await evm.request("evm_mine");
      const receipts = await Promise.all(hashes.map((h) => evm.receipt(h)));
      expect(receipts[0]!.blockNumber).toBe(receipts[1]!.blockNumber);
      expect(receipts.map((r) => r.status)).toEqual(["success", "reverted"]);
    } finally {
      await evm.request("evm_setAutomine", [true]);
    }
    expect(await positionOf(evm, d.liquidation, fx.commitment)).toMatchObject({ status: "liquidated" });
  });
});
