/**
 * Shared pieces of the on-chain tests: accounts, one real proof, attestation signing for a given
 * deployment, proof malleation, and the settlement suite run on both EVMs (embedded and a node).
 */
import { type Address, type Hex, getAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { expect } from "vitest";
import { DEV_ORACLE_KEY, attestPrice, type PriceAttestation } from "../../src/price/attestation.js";
import type { ProofBundle } from "../../src/proof/bundle.js";
import { ContractRevert } from "../../src/chain/contracts.js";
import type { Evm, EvmReceipt } from "../../src/chain/evm.js";
import { encodeLiquidationCall, sendChecked } from "../../src/chain/settlement.js";
import { proveLiquidation } from "../../src/statements/liquidation.js";
import { commitPosition, newPosition, type Position } from "../../src/position/position.js";
import { HARDHAT_KEYS } from "./hardhat-node.js";

export const ADMIN = privateKeyToAccount(HARDHAT_KEYS[0]);
export const OWNER = privateKeyToAccount(HARDHAT_KEYS[1]);
export const LIQUIDATOR = privateKeyToAccount(HARDHAT_KEYS[2]);
export const ATTACKER = privateKeyToAccount(HARDHAT_KEYS[3]);
/** A key that is not in any deployment's oracle set. */
export const ROGUE_ORACLE_KEY = HARDHAT_KEYS[4];
export const ACCOUNTS = [ADMIN, OWNER, LIQUIDATOR, ATTACKER];

/** BN254 base field (curve coordinates) and scalar field orders. */
export const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Maximum price age the suites deploy with (long enough for a slow CI machine). */
export const MAX_AGE = 3600;
/**
 * The suites start each chain's clock this many seconds behind the wall clock, so the fixture's
 * price (signed at wall-clock time, as the SDK requires) is first "from the future" on-chain.
 */
export const AHEAD = 600;

export interface ProofFixture {
  position: Position;
  commitment: bigint;
  /** Price point time (unix seconds): the wall clock when made, AHEAD seconds after the chain's. */
  timestamp: number;
  /** The proof, made with an off-chain attestation of the price (bound to LIQUIDATOR). */
  bundle: ProofBundle;
}

/** One liquidatable BTC-USD long and its proof at a price signed now. */
export async function makeProofFixture(): Promise<ProofFixture> {
  const position = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000", owner: OWNER.address });
  const timestamp = Math.floor(Date.now() / 1000);
  const price = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp }, DEV_ORACLE_KEY);
  const bundle = await proveLiquidation({ position, price, liquidator: LIQUIDATOR.address });
  return { position, commitment: commitPosition(position), timestamp, bundle };
}

/** The fixture's price point signed by `key` for a deployment (chain id + contract address). */
export function signFor(
  fx: ProofFixture,
  deployment: { chainId: number; liquidation: Address },
  opts: { key?: Hex; market?: string; timestamp?: number } = {},
): Promise<PriceAttestation> {
  return attestPrice(
    {
      market: opts.market ?? "BTC-USD",
      markPrice: "54200",
      timestamp: opts.timestamp ?? fx.timestamp,
      domain: { chainId: deployment.chainId, verifyingContract: deployment.liquidation },
    },
    opts.key ?? DEV_ORACLE_KEY,
  );
}

const neg = (v: string): string => ((Q - BigInt(v)) % Q).toString();

/** Groth16 malleation: (-A, -B, C) verifies for the same public signals. */
export function malleate(bundle: ProofBundle): ProofBundle {
  const b = structuredClone(bundle);
  const p = b.proof;
  p.pi_a = [p.pi_a[0]!, neg(p.pi_a[1]!), p.pi_a[2]!];
  p.pi_b = [p.pi_b[0]!, [neg(p.pi_b[1]![0]!), neg(p.pi_b[1]![1]!)], p.pi_b[2]!];
  return b;
}

/** Send a liquidation (simulated first: refusals throw ContractRevert with the error name). */
export function liquidate(
  evm: Evm,
  from: typeof LIQUIDATOR,
  address: Address,
  bundle: ProofBundle,
  attestation: PriceAttestation,
): Promise<EvmReceipt> {
  return sendChecked(evm, from, "liquidate", { to: address, data: encodeLiquidationCall(bundle, attestation) });
}

/** Expect a promise to be refused by the contract with the named custom error (and args). */
export async function expectRevert(p: Promise<unknown>, name: string, args?: readonly unknown[]): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error, `expected the contract to refuse with ${name}`).toBeInstanceOf(ContractRevert);
  const revert = (error as ContractRevert).revert;
  expect(revert.name).toBe(name);
  if (args) expect(revert.args.map((a) => (typeof a === "string" && /^0x[0-9a-fA-F]{40}$/.test(a) ? getAddress(a) : a))).toEqual(args);
}
