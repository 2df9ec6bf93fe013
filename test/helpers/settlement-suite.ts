/**
 * The settlement suite, run on each EVM (test/chain.embedded.test.ts, test/chain.hardhat.test.ts):
 * deploy, open, liquidate, and every refusal with its named custom error. One real proof serves
 * every case: each case that needs a fresh position uses a fresh deployment, and only the
 * attestation's signature depends on the deployment. Cases run in order: the chain's clock starts
 * AHEAD seconds behind the price, is then moved past it, and last past the maximum age.
 */
import { type Hex, encodeFunctionData } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { ATTESTATION_TYPES, DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice, eip712Domain } from "../../src/price/attestation.js";
import { loadContract, loadVerifierContract } from "../../src/chain/contracts.js";
import type { Evm } from "../../src/chain/evm.js";
import {
  type Deployment,
  type DeployOptions,
  deployZkliq,
  encodeLiquidationCall,
  liquidatePosition,
  liquidationEvents,
  openPosition,
  positionOf,
  readContract,
  sendChecked,
  solidityProof,
  verifyOnChain,
} from "../../src/chain/settlement.js";
import { BUILTIN_MARKETS } from "../../src/market/markets.js";
import { riskParamsHash } from "../../src/market/risk-params.js";
import { privateKeyToAccount } from "viem/accounts";
import {
  ADMIN,
  AHEAD,
  ATTACKER,
  LIQUIDATOR,
  MAX_AGE,
  OWNER,
  type ProofFixture,
  Q,
  R,
  ROGUE_ORACLE_KEY,
  expectRevert,
  liquidate,
  makeProofFixture,
  malleate,
  signFor,
} from "./chain.js";

export interface ChainUnderTest {
  /** An EVM whose clock starts AHEAD seconds behind the wall clock. */
  evm: Evm;
  /** Move the chain's clock forward. */
  advance(seconds: number): Promise<void>;
}

export function settlementSuite(label: string, getChain: () => ChainUnderTest): void {
  let chain: ChainUnderTest;
  let fx: ProofFixture;
  const abi = () => loadContract("ZkliqLiquidation").abi;
  const deploy = (opts: Partial<DeployOptions> = {}): Promise<Deployment> =>
    deployZkliq(chain.evm, ADMIN, { oracles: [DEV_ORACLE_ADDRESS], maxPriceAgeSeconds: MAX_AGE, ...opts });
  /** A deployment with the fixture's position open (owned by OWNER) and an attestation for it. */
  const opened = async (opts: Partial<DeployOptions> = {}, marketId = 1) => {
    const d = await deploy(opts);
    await openPosition(chain.evm, OWNER, d.liquidation, fx.commitment, marketId);
    return { d, att: await signFor(fx, d) };
  };
  const call = (d: Deployment, fn: string, args: readonly unknown[] = []) => readContract(chain.evm, d.liquidation, abi(), fn, args);

  describe(`${label}: settlement`, () => {
    beforeAll(async () => {
      chain = getChain();
      fx = await makeProofFixture();
    });

    it("refuses a price from the future (PriceFromFuture), then the clock moves past it", async () => {
      const { d, att } = await opened();
      try {
        await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att), "PriceFromFuture");
      } finally {
        await chain.advance(AHEAD + 2);
      }
    });

    it("deploys, opens, verifies on-chain and liquidates; the event names the position", async () => {
      const d = await deploy();
      expect(await call(d, "verifier")).toBe(d.verifier);
      // Public input #3: the BTC-USD tier table's Poseidon hash, recomputed by the independent table code.
      expect(await call(d, "riskParams", [1])).toBe(riskParamsHash(BUILTIN_MARKETS.find((m) => m.id === 1)!));
      expect(await call(d, "oracleMaxPriceAge", [DEV_ORACLE_ADDRESS])).toBe(BigInt(MAX_AGE));
      expect(await positionOf(chain.evm, d.liquidation, fx.commitment)).toMatchObject({ status: "none" });

      const open = await openPosition(chain.evm, OWNER, d.liquidation, fx.commitment, 1);
      expect(open.status).toBe("success");
      expect(await positionOf(chain.evm, d.liquidation, fx.commitment)).toEqual({ status: "open", owner: OWNER.address, marketId: 1 });

      const v = await verifyOnChain(fx.bundle, { evm: chain.evm, address: d.liquidation });
      expect(v).toMatchObject({ valid: true, verifier: d.verifier, position: { status: "open" } });
      expect(v.verifyGas).toBeGreaterThan(180_000n); // a real pairing check ran (4 pairings alone cost 181k)

      const att = await signFor(fx, d);
      const { receipt, event } = await liquidatePosition(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att);
      expect(receipt.status).toBe("success");
      expect(event).toEqual({
        commitment: fx.commitment,
        owner: OWNER.address,
        liquidator: LIQUIDATOR.address,
        marketId: 1,
        priceCommitment: att.commitment,
        priceTimestamp: BigInt(fx.timestamp),
      });
      expect(await positionOf(chain.evm, d.liquidation, fx.commitment)).toMatchObject({ status: "liquidated" });
    });

    it("refuses a second liquidation, also with the malleated proof (-A, -B, C): replay is keyed on the position", async () => {
      const { d, att } = await opened();
      await liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att);
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att), "PositionAlreadyLiquidated", [fx.commitment]);
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, malleate(fx.bundle), att), "PositionAlreadyLiquidated");
    });

    it("the malleated proof is itself valid: it liquidates a fresh deployment, after which the original is refused", async () => {
      const { d, att } = await opened();
      const m = malleate(fx.bundle);
      expect(m.proof.pi_a).not.toEqual(fx.bundle.proof.pi_a);
      expect(await verifyOnChain(m, { evm: chain.evm, address: d.liquidation })).toMatchObject({ valid: true });
      await liquidate(chain.evm, LIQUIDATOR, d.liquidation, m, att);
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att), "PositionAlreadyLiquidated");
    });

    it("front-running: the same calldata from another sender is refused, and rebinding the proof to the attacker fails", async () => {
      const { d, att } = await opened();
      const data = encodeLiquidationCall(fx.bundle, att);
      await expectRevert(sendChecked(chain.evm, ATTACKER, "liquidate", { to: d.liquidation, data }), "LiquidatorNotSender", [
        LIQUIDATOR.address,
        ATTACKER.address,
      ]);
      // Mined, not only simulated: the transaction reverts and the position stays open.
      const mined = await chain.evm.send(ATTACKER, { to: d.liquidation, data, gas: 500_000n });
      expect(mined.status).toBe("reverted");
      // The attacker edits the liquidator field to itself: the proof does not verify for it.
      const rebound = structuredClone(fx.bundle);
      rebound.publicSignals[3] = BigInt(ATTACKER.address).toString();
      await expectRevert(liquidate(chain.evm, ATTACKER, d.liquidation, rebound, att), "InvalidProof");
      expect(await positionOf(chain.evm, d.liquidation, fx.commitment)).toMatchObject({ status: "open" });
      await liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att);
    });

    it("refuses a price signed by a key outside the oracle set (OracleNotAuthorised), and an oracle once removed", async () => {
      const { d, att } = await opened();
      const rogue = await signFor(fx, d, { key: ROGUE_ORACLE_KEY });
      expect(rogue.commitment).toBe(att.commitment);
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, rogue), "OracleNotAuthorised", [
        privateKeyToAccount(ROGUE_ORACLE_KEY).address,
      ]);
      await expectRevert(
        sendChecked(chain.evm, ATTACKER, "setOracle", {
          to: d.liquidation,
          data: encodeFunctionData({ abi: abi(), functionName: "setOracle", args: [DEV_ORACLE_ADDRESS, 0n] }),
        }),
        "NotAdmin",
        [ATTACKER.address],
      );
      await sendChecked(chain.evm, ADMIN, "setOracle", {
        to: d.liquidation,
        data: encodeFunctionData({ abi: abi(), functionName: "setOracle", args: [DEV_ORACLE_ADDRESS, 0n] }),
      });
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att), "OracleNotAuthorised", [DEV_ORACLE_ADDRESS]);
    });

    it("refuses an attestation replayed from another deployment (its EIP-712 domain names the other contract)", async () => {
      const first = await opened();
      const second = await opened();
      // Signed for the first deployment, sent to the second, where the position is open too.
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, second.d.liquidation, fx.bundle, first.att), "OracleNotAuthorised");
      // Off-chain attestations (chain id 0, zero address) are refused the same way.
      await expectRevert(
        liquidate(chain.evm, LIQUIDATOR, second.d.liquidation, fx.bundle, await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: fx.timestamp }, DEV_ORACLE_KEY)),
        "OracleNotAuthorised",
      );
      // The SDK says so before sending.
      await expect(liquidatePosition(chain.evm, LIQUIDATOR, second.d.liquidation, fx.bundle, first.att)).rejects.toMatchObject({
        kind: "bad-input",
        message: expect.stringMatching(/not for this deployment/),
      });
      await liquidate(chain.evm, LIQUIDATOR, second.d.liquidation, fx.bundle, second.att);
      await liquidate(chain.evm, LIQUIDATOR, first.d.liquidation, fx.bundle, first.att);
    });

    it("refuses a price for another market than the position's (MarketMismatch)", async () => {
      // Checked before the proof; the risk-params hash also binds the market id (defence in depth).
      const { d, att } = await opened({}, 3);
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att), "MarketMismatch", [3, 1]);
    });

    it("refuses a public input >= the field order: a commitment at open, a price commitment at liquidation", async () => {
      const { d, att } = await opened();
      await expectRevert(openPosition(chain.evm, OWNER, d.liquidation, fx.commitment + R, 1), "PublicInputNotInField", [0n, fx.commitment + R]);
      // The oracle signs the price commitment + r (the same value mod r); the contract refuses it.
      const domain = { chainId: d.chainId, verifyingContract: d.liquidation };
      const aliased = { ...att, commitment: att.commitment + R };
      aliased.signature = await privateKeyToAccount(DEV_ORACLE_KEY).signTypedData({
        domain: eip712Domain(domain),
        types: ATTESTATION_TYPES,
        primaryType: "PriceAttestation",
        message: { marketId: 1, timestamp: BigInt(fx.timestamp), priceCommitment: aliased.commitment },
      });
      const bundle = structuredClone(fx.bundle);
      bundle.publicSignals[1] = aliased.commitment.toString();
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, bundle, aliased), "PublicInputNotInField", [1n, aliased.commitment]);
      // The generated verifier refuses such a signal by itself too (snarkjs template's checkField).
      const v = loadVerifierContract();
      const p = solidityProof(fx.bundle.proof);
      const pub = fx.bundle.publicSignals.map((s) => BigInt(s));
      expect(await readContract(chain.evm, d.verifier, v.abi, "verifyProof", [p.a, p.b, p.c, pub])).toBe(true);
      expect(await readContract(chain.evm, d.verifier, v.abi, "verifyProof", [p.a, p.b, p.c, [pub[0]! + R, ...pub.slice(1)]])).toBe(false);
      await liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att);
    });

    it("refuses a tampered proof (InvalidProof): another curve point, an off-curve point, another position's commitment", async () => {
      const { d, att } = await opened();
      const swapped = structuredClone(fx.bundle);
      swapped.proof.pi_c = [...fx.bundle.proof.pi_a];
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, swapped, att), "InvalidProof");
      const offCurve = structuredClone(fx.bundle);
      offCurve.proof.pi_a[0] = ((BigInt(offCurve.proof.pi_a[0]!) + 1n) % Q).toString();
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, offCurve, att), "InvalidProof");
      // A proof about one commitment used against another open position.
      const other = fx.commitment === 1n ? 2n : fx.commitment - 1n;
      await openPosition(chain.evm, OWNER, d.liquidation, other, 1);
      const wrong = structuredClone(fx.bundle);
      wrong.publicSignals[0] = other.toString();
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, wrong, att), "InvalidProof");
      // Changed risk params for the market: the proof (made for the built-in table) no longer verifies.
      await sendChecked(chain.evm, ADMIN, "setMarket", {
        to: d.liquidation,
        data: encodeFunctionData({ abi: abi(), functionName: "setMarket", args: [1, 60n] }),
      });
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att), "InvalidProof");
      expect(await verifyOnChain(fx.bundle, { evm: chain.evm, address: d.liquidation })).toMatchObject({
        valid: false,
        reason: expect.stringMatching(/risk parameters \d+, the deployment has 60/),
      });
    });

    it("refuses malformed and high-s signatures (InvalidSignature), unknown positions, and closed ones", async () => {
      const { d, att } = await opened();
      const sig = att.signature;
      const s = BigInt("0x" + sig.slice(66, 130));
      const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
      const v = parseInt(sig.slice(130), 16);
      const highS = (sig.slice(0, 66) + (N - s).toString(16).padStart(64, "0") + (v === 27 ? "1c" : "1b")) as Hex;
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, { ...att, signature: highS }), "InvalidSignature");
      const short = encodeLiquidationCall(fx.bundle, att).replace(sig.slice(2), sig.slice(2, 130) + "00") as Hex;
      expect(short).not.toBe(encodeLiquidationCall(fx.bundle, att));
      await expectRevert(sendChecked(chain.evm, LIQUIDATOR, "liquidate", { to: d.liquidation, data: short }), "InvalidSignature");

      const fresh = await deploy();
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, fresh.liquidation, fx.bundle, await signFor(fx, fresh)), "PositionNotOpen", [fx.commitment]);

      const closeData = encodeFunctionData({ abi: abi(), functionName: "close", args: [fx.commitment] });
      await expectRevert(sendChecked(chain.evm, ATTACKER, "close", { to: d.liquidation, data: closeData }), "NotAllowedToClose", [ATTACKER.address]);
      await sendChecked(chain.evm, OWNER, "close", { to: d.liquidation, data: closeData });
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att), "PositionNotOpen");
      await expectRevert(openPosition(chain.evm, OWNER, d.liquidation, fx.commitment, 1), "PositionAlreadyRegistered");
      await expectRevert(openPosition(chain.evm, OWNER, d.liquidation, 12345n, 99), "UnknownMarket", [99]);
    });

    it("refuses a stale price (PriceTooOld) once the clock is past the oracle's maximum age", async () => {
      const { d, att } = await opened();
      await chain.advance(MAX_AGE + 10);
      await expectRevert(liquidate(chain.evm, LIQUIDATOR, d.liquidation, fx.bundle, att), "PriceTooOld");
      // A fresh price point would need a fresh proof: the old proof is bound to the old price commitment.
      const now = Number(await chain.evm.timestamp());
      const fresher = await signFor(fx, d, { timestamp: now });
      await expect(() => encodeLiquidationCall(fx.bundle, fresher)).toThrow(/different price commitment/);
    });
  });
}

