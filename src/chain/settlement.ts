/**
 * On-chain settlement through ZkliqLiquidation (contracts/): deploy it with the generated verifier,
 * register position commitments, liquidate with a proof bundle, and verify a bundle against the
 * deployed verifier. Works on any Evm (embedded or JSON-RPC, see evm.ts).
 */
import {
  type Abi,
  type Address,
  type Hex,
  type PrivateKeyAccount,
  decodeEventLog,
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  getContractAddress,
} from "viem";
import type { PriceAttestation, PriceJson } from "../price/attestation.js";
import { type ProofBundle, parseBundle } from "../proof/bundle.js";
import { CIRCUITS } from "../proof/circuits.js";
import { badInput } from "../errors.js";
import { type Market, BUILTIN_MARKETS } from "../market/markets.js";
import type { Groth16Proof } from "../proof/prover.js";
import { FIELD_ORDER, formatAddress, parseField } from "../units.js";
import { riskParamsHash } from "../market/risk-params.js";
import { type ContractArtifact, ContractRevert, decodeRevert, loadContract, loadVerifierContract } from "./contracts.js";
import type { Evm, EvmReceipt } from "./evm.js";

const CIRCUIT = "liquidation";
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const liquidationAbi = (): Abi => loadContract("ZkliqLiquidation").abi;

/**
 * Public input #3 of the liquidation circuit for `market`, as the contract stores it per market:
 * the Poseidon hash of the market's tier table (it includes the market id, so a proof about one
 * market cannot settle a position registered under another).
 */
export const riskParamsOf = (market: Market): bigint => riskParamsHash(market);

// ------------------------------------------------------------------ generic contract helpers

/** Call a view function; a revert throws ContractRevert with the decoded custom error. */
export async function readContract(
  evm: Evm,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[] = [],
  from?: Address,
): Promise<any> {
  const data = encodeFunctionData({ abi, functionName, args } as never);
  const r = await evm.call({ to: address, data, from });
  if (!r.ok) throw new ContractRevert(functionName, decodeRevert(r.data));
  if (r.data === "0x") throw badInput(`no contract answering ${functionName}() at ${address} on this chain`);
  return decodeFunctionResult({ abi, functionName, data: r.data } as never);
}

/**
 * Send a transaction after simulating it: a call the contract would refuse throws ContractRevert
 * (named custom error) without spending gas, like any careful client. A transaction that still
 * reverts once mined throws the same way.
 */
export async function sendChecked(evm: Evm, account: PrivateKeyAccount, what: string, req: { to: Address; data: Hex; value?: bigint }): Promise<EvmReceipt> {
  const sim = await evm.call({ ...req, from: account.address });
  if (!sim.ok) throw new ContractRevert(what, decodeRevert(sim.data));
  const receipt = await evm.send(account, req);
  if (receipt.status !== "success") throw new ContractRevert(what, decodeRevert(receipt.revertData));
  return receipt;
}

/** Deploy a compiled contract; returns its address and the deployment receipt. */
export async function deployContract(
  evm: Evm,
  account: PrivateKeyAccount,
  artifact: ContractArtifact,
  args: readonly unknown[] = [],
): Promise<{ address: Address; receipt: EvmReceipt }> {
  const data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args } as never);
  const receipt = await evm.send(account, { data });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new ContractRevert(`deploying ${artifact.contractName}`, decodeRevert(receipt.revertData));
  }
  return { address: getAddress(receipt.contractAddress), receipt };
}

// ------------------------------------------------------------------ deployment

export const DEPLOYMENT_FORMAT = "zkliq.deployment.v1";

/** What `deployZkliq` / `zkliq deploy` produced. */
export interface Deployment {
  format: typeof DEPLOYMENT_FORMAT;
  chainId: number;
  /** The ZkliqLiquidation contract: the address to open, liquidate and verify against. */
  liquidation: Address;
  /** The generated Groth16 verifier it calls. */
  verifier: Address;
  /** The venue hook it calls (ILiquidationHook), or null. */
  hook: Address | null;
  admin: Address;
  oracles: Address[];
  /** Maximum price age, seconds, of each initial oracle. */
  maxPriceAge: number;
  markets: { id: number; symbol: string; riskParams: string }[];
  /** Gas of the two deployment transactions. */
  gas: { verifier: string; liquidation: string };
}

export interface DeployOptions {
  /** Addresses whose EIP-712 price attestations the contract accepts. */
  oracles: string[];
  /** Oldest accepted price, in seconds (for each of `oracles`). */
  maxPriceAgeSeconds: number;
  /** Venue hook (ILiquidationHook), fixed for the contract's life; it may be deployed afterwards. */
  hook?: string;
  /** Markets to configure (default: the built-in ones), each with riskParamsOf(market). */
  markets?: readonly Market[];
  /** Admin of the contract (default: the deployer). */
  admin?: string;
}

/** Deploy the generated verifier and ZkliqLiquidation (oracles, max price age, markets set). */
export async function deployZkliq(evm: Evm, account: PrivateKeyAccount, opts: DeployOptions): Promise<Deployment> {
  if (!Number.isSafeInteger(opts.maxPriceAgeSeconds) || opts.maxPriceAgeSeconds <= 0 || opts.maxPriceAgeSeconds >= 2 ** 64) {
    throw badInput(`maximum price age ${opts.maxPriceAgeSeconds} must be a positive number of seconds`);
  }
  if (opts.oracles.length === 0) throw badInput("give at least one oracle address (--oracle)");
  const oracles = opts.oracles.map((o) => {
    if (!/^0x[0-9a-fA-F]{40}$/.test(o)) throw badInput(`oracle "${o}" is not an address`);
    return getAddress(o);
  });
  const admin = getAddress(opts.admin ?? account.address);
  if (opts.hook !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(opts.hook)) throw badInput(`hook "${opts.hook}" is not an address`);
  const hook = opts.hook === undefined ? null : getAddress(opts.hook);
  const markets = opts.markets ?? BUILTIN_MARKETS;
  const chainId = await evm.chainId();
  const verifier = await deployContract(evm, account, loadVerifierContract(CIRCUIT));
  const liquidation = await deployContract(evm, account, loadContract("ZkliqLiquidation"), [
    verifier.address,
    hook ?? ZERO_ADDRESS,
    admin,
    oracles,
    oracles.map(() => BigInt(opts.maxPriceAgeSeconds)),
    markets.map((m) => m.id),
    markets.map(riskParamsOf),
  ]);
  return {
    format: DEPLOYMENT_FORMAT,
    chainId,
    liquidation: liquidation.address,
    verifier: verifier.address,
    hook,
    admin,
    oracles,
    maxPriceAge: opts.maxPriceAgeSeconds,
    markets: markets.map((m) => ({ id: m.id, symbol: m.symbol, riskParams: riskParamsOf(m).toString() })),
    gas: { verifier: verifier.receipt.gasUsed.toString(), liquidation: liquidation.receipt.gasUsed.toString() },
  };
}

/**
 * Deploy the registry with the example venue of contracts/examples/ExampleVenue.sol as its hook:
 * the registry is deployed with the venue's future address (the hook is immutable), then the venue
 * with the registry's. An illustration of the wiring, used by tests and the gas benchmark.
 */
export async function deployWithExampleVenue(
  evm: Evm,
  account: PrivateKeyAccount,
  opts: Omit<DeployOptions, "hook"> & { insuranceFund: string; liquidatorRewardBps: number },
): Promise<Deployment & { venue: Address }> {
  const nonce = await evm.nonce(account.address);
  // Transactions: verifier (nonce), registry (nonce + 1), venue (nonce + 2).
  const predicted = getContractAddress({ from: account.address, nonce: nonce + 2n });
  const deployment = await deployZkliq(evm, account, { ...opts, hook: predicted });
  const venue = await deployContract(evm, account, loadContract("ExampleVenue"), [
    deployment.liquidation,
    getAddress(opts.insuranceFund),
    opts.liquidatorRewardBps,
  ]);
  if (venue.address !== predicted) throw new Error(`venue deployed at ${venue.address}, expected ${predicted}`);
  return { ...deployment, venue: venue.address };
}

// ------------------------------------------------------------------ positions

export type OnChainStatus = "none" | "open" | "liquidated" | "closed";
const STATUSES: OnChainStatus[] = ["none", "open", "liquidated", "closed"];

export interface OnChainPosition {
  status: OnChainStatus;
  owner: Address;
  marketId: number;
}

/** The registry's record of a commitment. */
export async function positionOf(evm: Evm, address: Address, commitment: bigint): Promise<OnChainPosition> {
  const [owner, marketId, status] = await readContract(evm, address, liquidationAbi(), "positions", [commitment]);
  return { status: STATUSES[Number(status)] ?? "none", owner, marketId: Number(marketId) };
}

/** Register a position commitment on a market; the sending account becomes its owner. */
export async function openPosition(
  evm: Evm,
  account: PrivateKeyAccount,
  address: Address,
  commitment: bigint,
  marketId: number,
): Promise<EvmReceipt> {
  const data = encodeFunctionData({ abi: liquidationAbi(), functionName: "open", args: [commitment, marketId] });
  return sendChecked(evm, account, "open", { to: address, data });
}

// ------------------------------------------------------------------ liquidation calldata

/** The fields of a price attestation the contract needs, from a PriceAttestation or a price file. */
function attestationFields(a: PriceAttestation | PriceJson): {
  marketId: number;
  timestamp: number;
  commitment: bigint;
  signature: Hex;
  domain: { chainId: number; verifyingContract: string };
} {
  const commitment = typeof a.commitment === "bigint" ? a.commitment : parseField(a.commitment, "price commitment");
  if (!Number.isSafeInteger(a.marketId) || !Number.isSafeInteger(a.timestamp)) throw badInput("price attestation: marketId and timestamp must be integers");
  if (typeof a.signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(a.signature)) throw badInput("price attestation: signature must be 65 bytes of hex");
  return { marketId: a.marketId, timestamp: a.timestamp, commitment, signature: a.signature, domain: a.domain };
}

const coord = (v: unknown, what: string): bigint => {
  if (typeof v !== "string" || !/^\d+$/.test(v)) throw badInput(`proof: ${what} must be a decimal string`);
  const n = BigInt(v);
  if (n >= 1n << 256n) throw badInput(`proof: ${what} does not fit 256 bits`);
  return n;
};

/**
 * A snarkjs proof in the Solidity verifier's encoding: B's Fp2 coordinates are swapped to
 * (imaginary, real), as snarkjs's `generatecall` does.
 */
export function solidityProof(proof: Groth16Proof): { a: [bigint, bigint]; b: [[bigint, bigint], [bigint, bigint]]; c: [bigint, bigint] } {
  const p = proof as { pi_a?: unknown[]; pi_b?: unknown[][]; pi_c?: unknown[] };
  if (!Array.isArray(p.pi_a) || !Array.isArray(p.pi_b) || !Array.isArray(p.pi_c) || !Array.isArray(p.pi_b[0]) || !Array.isArray(p.pi_b[1])) {
    throw badInput("proof: pi_a, pi_b, pi_c missing or malformed");
  }
  return {
    a: [coord(p.pi_a[0], "pi_a[0]"), coord(p.pi_a[1], "pi_a[1]")],
    b: [
      [coord(p.pi_b[0][1], "pi_b[0][1]"), coord(p.pi_b[0][0], "pi_b[0][0]")],
      [coord(p.pi_b[1][1], "pi_b[1][1]"), coord(p.pi_b[1][0], "pi_b[1][0]")],
    ],
    c: [coord(p.pi_c[0], "pi_c[0]"), coord(p.pi_c[1], "pi_c[1]")],
  };
}

/** Public signals of a liquidation bundle as bigints (shape-checked). */
function liquidationSignals(bundle: ProofBundle): { commitment: bigint; priceCommitment: bigint; riskParams: bigint; liquidator: Address } {
  if (bundle.circuit !== CIRCUIT) throw badInput(`bundle is for circuit "${bundle.circuit}", not "${CIRCUIT}"`);
  const n = CIRCUITS[CIRCUIT]!.public.length;
  if (bundle.publicSignals.length !== n) throw badInput(`expected ${n} public signals, found ${bundle.publicSignals.length}`);
  const [commitment, priceCommitment, riskParams, liquidator] = bundle.publicSignals.map((s) => BigInt(s)) as [bigint, bigint, bigint, bigint];
  if (liquidator >= 1n << 160n) throw badInput("the proof's liquidator is not an address");
  return { commitment, priceCommitment, riskParams, liquidator: getAddress(formatAddress(liquidator)) };
}

/**
 * Calldata of `ZkliqLiquidation.liquidate(commitment, price, signature, proof)` for a proof bundle.
 * `attestation` is the oracle's signature of the proof's price commitment for the target
 * deployment (EIP-712 domain = its chain id and address); default: the bundle's own price, which
 * only works if it was signed for that deployment. The same price point signed for another domain
 * has the same commitment, so a proof made with an off-chain attestation can be settled with an
 * on-chain one.
 */
export function encodeLiquidationCall(bundleJson: unknown, attestation?: PriceAttestation | PriceJson): Hex {
  const bundle = parseBundle(bundleJson);
  const s = liquidationSignals(bundle);
  const a = attestationFields(attestation ?? bundle.price);
  if (a.commitment !== s.priceCommitment) {
    throw badInput("the price attestation is for a different price commitment than the proof's");
  }
  return encodeFunctionData({
    abi: liquidationAbi(),
    functionName: "liquidate",
    args: [
      s.commitment,
      { marketId: a.marketId, timestamp: BigInt(a.timestamp), priceCommitment: a.commitment },
      a.signature,
      { ...solidityProof(bundle.proof), liquidator: s.liquidator },
    ],
  });
}

export interface LiquidationEvent {
  commitment: bigint;
  owner: Address;
  liquidator: Address;
  marketId: number;
  priceCommitment: bigint;
  priceTimestamp: bigint;
}

/** The PositionLiquidated events of a receipt. */
export function liquidationEvents(receipt: EvmReceipt, address: Address): LiquidationEvent[] {
  const out: LiquidationEvent[] = [];
  for (const log of receipt.logs) {
    if (getAddress(log.address) !== getAddress(address)) continue;
    try {
      const ev = decodeEventLog({ abi: liquidationAbi(), topics: log.topics as [Hex, ...Hex[]], data: log.data });
      if (ev.eventName === "PositionLiquidated") out.push(ev.args as unknown as LiquidationEvent);
    } catch {
      // another event
    }
  }
  return out;
}

/**
 * Liquidate on-chain with a proof bundle, from the account bound in the proof. Checks up front
 * that the attestation is signed for this deployment and that `account` is the bound liquidator
 * (bad input otherwise), then simulates and sends; a refusal throws ContractRevert.
 */
export async function liquidatePosition(
  evm: Evm,
  account: PrivateKeyAccount,
  address: Address,
  bundleJson: unknown,
  attestation?: PriceAttestation | PriceJson,
): Promise<{ receipt: EvmReceipt; event: LiquidationEvent }> {
  const bundle = parseBundle(bundleJson);
  const s = liquidationSignals(bundle);
  const a = attestationFields(attestation ?? bundle.price);
  const chainId = await evm.chainId();
  if (a.domain.chainId !== chainId || getAddress(a.domain.verifyingContract) !== getAddress(address)) {
    throw badInput(
      `the price is signed for chain ${a.domain.chainId} contract ${a.domain.verifyingContract}, not for this deployment ` +
        `(chain ${chainId}, ${getAddress(address)}): sign it with zkliq price sign --chain-id ${chainId} --contract ${getAddress(address)}`,
    );
  }
  if (s.liquidator !== getAddress(account.address)) {
    throw badInput(`the proof is bound to liquidator ${s.liquidator}; send it from that account, not ${account.address}`);
  }
  const receipt = await sendChecked(evm, account, "liquidate", { to: address, data: encodeLiquidationCall(bundle, attestation) });
  const [event] = liquidationEvents(receipt, address);
  if (!event) throw badInput("the liquidation transaction emitted no PositionLiquidated event (is this a zkliq contract?)");
  return { receipt, event };
}

// ------------------------------------------------------------------ on-chain verification

export interface OnChainVerification {
  valid: boolean;
  /** Why it is invalid, or a one-line summary. */
  reason: string;
  /** The deployed verifier the proof was checked by. */
  verifier?: Address;
  /** Gas a transaction calling verifyProof with this proof would use. */
  verifyGas?: bigint;
  /** The registry's record of the proof's position. */
  position?: OnChainPosition;
}

/**
 * Verify a proof bundle against a deployed ZkliqLiquidation's verifier (eth_call, nothing is
 * sent): the proof's public input #3 must be the deployment's risk parameters for the price's
 * market and every public signal below the field order; then verifyProof must return true.
 * Pass `rpcUrl` for a node or `evm` for an Evm you hold. Reports the position's on-chain status.
 * Never throws for a bad bundle (returns { valid: false }); throws bad-input for an unreachable
 * node or an address that is not a zkliq contract.
 */
export async function verifyOnChain(
  bundleJson: unknown,
  opts: { rpcUrl?: string; evm?: Evm; address: string },
): Promise<OnChainVerification> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(opts.address)) throw badInput(`--address "${opts.address}" is not an address`);
  const address = getAddress(opts.address);
  let evm = opts.evm;
  if (!evm) {
    if (!opts.rpcUrl) throw badInput("verifyOnChain needs rpcUrl or evm");
    const { RpcEvm } = await import("./rpc.js");
    evm = new RpcEvm(opts.rpcUrl);
  }
  let bundle: ProofBundle;
  let s: ReturnType<typeof liquidationSignals>;
  let proof: ReturnType<typeof solidityProof>;
  try {
    bundle = parseBundle(bundleJson);
    s = liquidationSignals(bundle);
    proof = solidityProof(bundle.proof);
  } catch (e) {
    return { valid: false, reason: (e as Error).message };
  }
  const bad = bundle.publicSignals.findIndex((x) => BigInt(x) >= FIELD_ORDER);
  if (bad >= 0) return { valid: false, reason: `public signal #${bad + 1} is not below the field order` };
  const abi = liquidationAbi();
  const verifier = getAddress(await readContract(evm, address, abi, "verifier"));
  const position = await positionOf(evm, address, s.commitment);
  const base = { verifier, position };
  const marketId = (bundle.price as { marketId?: unknown }).marketId;
  if (typeof marketId !== "number") return { ...base, valid: false, reason: "bundle price has no marketId" };
  const expected: bigint = await readContract(evm, address, abi, "riskParams", [marketId]);
  if (expected === 0n) return { ...base, valid: false, reason: `market ${marketId} is not configured on this deployment` };
  if (expected !== s.riskParams) {
    return { ...base, valid: false, reason: `the proof uses risk parameters ${s.riskParams}, the deployment has ${expected} for market ${marketId}` };
  }
  const vAbi = loadVerifierContract(CIRCUIT).abi;
  const args = [proof.a, proof.b, proof.c, bundle.publicSignals.map((x) => BigInt(x))];
  const ok: boolean = await readContract(evm, verifier, vAbi, "verifyProof", args);
  if (!ok) return { ...base, valid: false, reason: `the deployed verifier ${verifier} rejects the proof` };
  const verifyGas = await evm.estimateGas({ from: s.liquidator, to: verifier, data: encodeFunctionData({ abi: vAbi, functionName: "verifyProof", args } as never) });
  return {
    ...base,
    verifyGas,
    valid: true,
    reason: `the deployed verifier ${verifier} accepts the proof for position ${bundle.public.positionCommitment ?? s.commitment} (liquidator ${s.liquidator}); position is ${position.status} on-chain`,
  };
}
