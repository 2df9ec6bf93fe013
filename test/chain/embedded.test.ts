// On-chain settlement on the in-process EVM (@ethereumjs/vm): the settlement suite, the example
// venue behind the hook, and the encoding of proofs and calls.
import * as snarkjs from "snarkjs";
import { decodeFunctionData, encodeFunctionData, getAddress, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_ORACLE_ADDRESS, attestPrice, DEV_ORACLE_KEY } from "../../src/price/attestation.js";
import { CIRCUITS } from "../../src/proof/circuits.js";
import { decodeRevert, loadContract } from "../../src/chain/contracts.js";
import { EmbeddedEvm } from "../../src/chain/embedded.js";
import {
  deployWithExampleVenue,
  encodeLiquidationCall,
  liquidatePosition,
  openPosition,
  positionOf,
  readContract,
  riskParamsOf,
  sendChecked,
  solidityProof,
} from "../../src/chain/settlement.js";
import { liquidationInput } from "../../src/statements/liquidation.js";
import { BUILTIN_MARKETS } from "../../src/market/markets.js";
import { newPosition } from "../../src/position/position.js";
import { shutdown } from "../../src/proof/prover.js";
import { ACCOUNTS, ADMIN, AHEAD, ATTACKER, LIQUIDATOR, MAX_AGE, OWNER, type ProofFixture, expectRevert, makeProofFixture, signFor } from "../helpers/chain.js";
import { settlementSuite } from "../helpers/settlement-suite.js";

let evm: EmbeddedEvm;
let fx: ProofFixture;
beforeAll(async () => {
  evm = await EmbeddedEvm.create({ fund: ACCOUNTS.map((a) => a.address), timeOffset: -AHEAD });
  fx = await makeProofFixture();
});
afterAll(shutdown);

settlementSuite("embedded EVM", () => ({ evm, advance: async (s) => evm.increaseTime(s) }));

describe("the example venue behind the hook (contracts/examples/ExampleVenue.sol)", () => {
  it("opens only escrowed positions of their depositor; a liquidation pays the liquidator's reward and the insurance fund", async () => {
    const chain = await EmbeddedEvm.create({ fund: ACCOUNTS.map((a) => a.address) });
    const insurance = getAddress("0x00000000000000000000000000000000000f00d5");
    const d = await deployWithExampleVenue(chain, ADMIN, {
      oracles: [DEV_ORACLE_ADDRESS],
      maxPriceAgeSeconds: MAX_AGE,
      insuranceFund: insurance,
      liquidatorRewardBps: 500,
    });
    expect(await readContract(chain, d.liquidation, loadContract("ZkliqLiquidation").abi, "hook")).toBe(d.venue);
    const venue = loadContract("ExampleVenue").abi;
    const venueSend = (from: typeof OWNER, fn: string, args: unknown[], value?: bigint) =>
      sendChecked(chain, from, fn, { to: d.venue, data: encodeFunctionData({ abi: venue, functionName: fn, args } as never), value });

    // No escrow yet: the venue refuses the registration (its error bubbles up through the registry).
    await expectRevert(openPosition(chain, OWNER, d.liquidation, fx.commitment, 1), "NoEscrow", [fx.commitment, OWNER.address]);
    await venueSend(OWNER, "deposit", [fx.commitment], parseEther("1"));
    // Someone else cannot register the owner's escrowed commitment as theirs.
    await expectRevert(openPosition(chain, ATTACKER, d.liquidation, fx.commitment, 1), "NoEscrow", [fx.commitment, ATTACKER.address]);
    await openPosition(chain, OWNER, d.liquidation, fx.commitment, 1);
    // With a venue, only the venue closes positions (it settles them).
    const close = encodeFunctionData({ abi: loadContract("ZkliqLiquidation").abi, functionName: "close", args: [fx.commitment] });
    await expectRevert(sendChecked(chain, OWNER, "close", { to: d.liquidation, data: close }), "NotAllowedToClose", [OWNER.address]);
    // Only the registry calls the hook.
    await expectRevert(venueSend(ATTACKER, "onLiquidate", [fx.commitment, OWNER.address, ATTACKER.address, 1, 0n, 0n]), "NotRegistry", [ATTACKER.address]);

    const { receipt } = await liquidatePosition(chain, LIQUIDATOR, d.liquidation, fx.bundle, await signFor(fx, d));
    expect(receipt.status).toBe("success");
    const read = (fn: string, args: unknown[]) => readContract(chain, d.venue, venue, fn, args);
    expect(await read("withdrawable", [LIQUIDATOR.address])).toBe(parseEther("0.05"));
    expect(await read("withdrawable", [insurance])).toBe(parseEther("0.95"));
    expect(await read("escrows", [fx.commitment])).toEqual([getAddress("0x0000000000000000000000000000000000000000"), 0n]);
    expect(await positionOf(chain, d.liquidation, fx.commitment)).toMatchObject({ status: "liquidated" });
    const w = await venueSend(LIQUIDATOR, "withdraw", []);
    expect(w.status).toBe("success");
    expect(await read("withdrawable", [LIQUIDATOR.address])).toBe(0n);
  });
});

describe("encoding", () => {
  it("the Solidity proof encoding is snarkjs's own (B's coordinates swapped)", async () => {
    const callData = await snarkjs.groth16.exportSolidityCallData(fx.bundle.proof, fx.bundle.publicSignals);
    const [a, b, c, pub] = JSON.parse(`[${callData}]`) as [string[], string[][], string[], string[]];
    const big = (x: unknown): unknown => (Array.isArray(x) ? x.map(big) : BigInt(x as string));
    expect(solidityProof(fx.bundle.proof)).toEqual({ a: big(a), b: big(b), c: big(c) });
    expect(big(pub)).toEqual(fx.bundle.publicSignals.map(BigInt));
  });

  it("encodeLiquidationCall carries the commitment, the signed price, the signature and the bound liquidator", async () => {
    const att = await signFor(fx, { chainId: 31337, liquidation: "0x00000000000000000000000000000000000000c0" });
    const { functionName, args } = decodeFunctionData({ abi: loadContract("ZkliqLiquidation").abi, data: encodeLiquidationCall(fx.bundle, att) });
    expect(functionName).toBe("liquidate");
    expect(args).toEqual([
      fx.commitment,
      { marketId: 1, timestamp: BigInt(fx.timestamp), priceCommitment: att.commitment },
      att.signature,
      { ...solidityProof(fx.bundle.proof), liquidator: LIQUIDATOR.address },
    ]);
    const other = await attestPrice({ market: "BTC-USD", markPrice: "54100", timestamp: fx.timestamp }, DEV_ORACLE_KEY);
    expect(() => encodeLiquidationCall(fx.bundle, other)).toThrow(/different price commitment/);
    expect(() => encodeLiquidationCall({ ...fx.bundle, circuit: "disclosure" }, att)).toThrow(/not "liquidation"/);
  });

  it("riskParamsOf(market) is the circuit's public input #3 for every built-in market", async () => {
    const name = CIRCUITS.liquidation!.public[2]!;
    expect(riskParamsOf(BUILTIN_MARKETS[0]!)).toBe(BigInt(fx.bundle.publicSignals[2]!));
    for (const m of BUILTIN_MARKETS) {
      const p = newPosition({ market: m.symbol, side: "long", size: "1", entryPrice: "100", collateral: "1" });
      const price = await attestPrice({ market: m.symbol, markPrice: "90" }, DEV_ORACLE_KEY);
      expect(liquidationInput(p, price, 0n)[name]).toBe(riskParamsOf(m));
    }
  });

  it("decodes unknown revert data without throwing", () => {
    expect(decodeRevert("0x")).toMatchObject({ name: "unknown" });
    expect(decodeRevert("0xdeadbeef")).toMatchObject({ name: "unknown", text: expect.stringMatching(/unknown data 0xdeadbeef/) });
  });
});
