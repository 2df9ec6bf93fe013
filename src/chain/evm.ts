/**
 * Two EVMs behind one small interface, so deploy / open / liquidate / verify are written once:
 *   - EmbeddedEvm (embedded.ts): an in-process @ethereumjs/vm (no node, no network), for the demo
 *     and fast tests; loaded only when used;
 *   - RpcEvm (rpc.ts): any JSON-RPC node through viem (a local Hardhat node in tests, a real chain).
 * Transactions are signed locally by viem accounts in both.
 */
import type { Address, Hex, PrivateKeyAccount } from "viem";

export interface TxRequest {
  /** Omit to deploy `data` as contract creation code. */
  to?: Address;
  data: Hex;
  value?: bigint;
  /** Gas limit; estimated (RPC) or a generous default (embedded) when omitted. */
  gas?: bigint;
}

export interface EvmLog {
  address: Address;
  topics: Hex[];
  data: Hex;
}

export interface EvmReceipt {
  hash: Hex;
  status: "success" | "reverted";
  /** Gas the whole transaction used (intrinsic + calldata + execution, after refunds). */
  gasUsed: bigint;
  blockNumber: bigint;
  logs: EvmLog[];
  contractAddress?: Address;
  /** Revert data, when the EVM reports it (the embedded EVM always does). */
  revertData?: Hex;
}

export interface CallResult {
  ok: boolean;
  /** Return data, or revert data when !ok. */
  data: Hex;
}

export interface Evm {
  /** Human description, e.g. "embedded EVM (@ethereumjs/vm, prague, chain 31337)". */
  readonly description: string;
  chainId(): Promise<number>;
  /** Timestamp of the latest block (unix seconds). */
  timestamp(): Promise<bigint>;
  /** Transaction count of an account (the nonce its next transaction uses). */
  nonce(address: Address): Promise<bigint>;
  /** eth_call against the latest state (nothing is written). */
  call(req: TxRequest & { from?: Address }): Promise<CallResult>;
  /** Gas a transaction would use (embedded: exact, run and rolled back; RPC: the node's estimate). */
  estimateGas(req: TxRequest & { from: Address }): Promise<bigint>;
  /** Sign and submit a transaction and wait for it; a reverting one is mined with status "reverted". */
  send(account: PrivateKeyAccount, req: TxRequest): Promise<EvmReceipt>;
  close(): Promise<void>;
}

/** Hardhat's and the embedded EVM's default chain id. */
export const DEV_CHAIN_ID = 31337;
