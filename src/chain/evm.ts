/**
 * Two EVMs behind one small interface, so deploy / open / liquidate / verify are written once:
 *   - EmbeddedEvm: an in-process @ethereumjs/vm (no node, no network), for the demo and fast tests;
 *   - RpcEvm: any JSON-RPC node through viem (a local Hardhat node in tests, a real chain in use).
 * Transactions are signed locally by viem accounts in both.
 */
import { createBlock } from "@ethereumjs/block";
import { Hardfork, Mainnet, createCustomCommon, type Common } from "@ethereumjs/common";
import { createTxFromRLP } from "@ethereumjs/tx";
import { Account as EjsAccount, Address as EjsAddress, bytesToHex, hexToBytes } from "@ethereumjs/util";
import { type VM, createVM, runTx } from "@ethereumjs/vm";
import {
  type Address,
  type Hex,
  type PrivateKeyAccount,
  type PublicClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { badInput } from "../errors.js";

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

const asHex = (b: Uint8Array): Hex => bytesToHex(b) as Hex;

/** Hardhat's and the embedded EVM's default chain id. */
export const DEV_CHAIN_ID = 31337;

export interface EmbeddedEvmOptions {
  chainId?: number;
  /** Accounts credited with `balance` wei at genesis. */
  fund?: Address[];
  balance?: bigint;
  /** Seconds added to the wall clock for block timestamps (negative: the chain runs behind). */
  timeOffset?: number;
}

/**
 * An in-process EVM (@ethereumjs/vm, Prague rules). Every transaction is mined in its own block,
 * stamped with the wall clock (plus any increaseTime offset), never earlier than the previous one.
 */
export class EmbeddedEvm implements Evm {
  readonly description: string;
  private number = 0n;
  private lastTimestamp = 0n;
  private offset = 0n;
  private readonly gasLimit = 30_000_000n;
  private readonly baseFee = 7n;

  private constructor(
    private readonly vm: VM,
    private readonly common: Common,
  ) {
    this.description = `embedded EVM (@ethereumjs/vm, ${common.hardfork()}, chain ${common.chainId()})`;
  }

  static async create(opts: EmbeddedEvmOptions = {}): Promise<EmbeddedEvm> {
    const common = createCustomCommon({ chainId: opts.chainId ?? DEV_CHAIN_ID }, Mainnet, { hardfork: Hardfork.Prague });
    const vm = await createVM({ common });
    const evm = new EmbeddedEvm(vm, common);
    evm.offset = BigInt(opts.timeOffset ?? 0);
    evm.lastTimestamp = evm.nextTimestamp(); // "genesis" at creation time
    for (const a of opts.fund ?? []) await evm.fund(a, opts.balance ?? 10n ** 21n);
    return evm;
  }

  async fund(address: Address, wei: bigint): Promise<void> {
    const addr = new EjsAddress(hexToBytes(address));
    const existing = await this.vm.stateManager.getAccount(addr);
    const account = existing ?? new EjsAccount();
    account.balance = wei;
    await this.vm.stateManager.putAccount(addr, account);
  }

  /** Move the clock forward (for tests of price age). */
  increaseTime(seconds: number | bigint): void {
    this.offset += BigInt(seconds);
  }

  private nextTimestamp(): bigint {
    const wall = BigInt(Math.floor(Date.now() / 1000)) + this.offset;
    return wall > this.lastTimestamp ? wall : this.lastTimestamp;
  }

  private block(number: bigint, timestamp: bigint) {
    return createBlock(
      { header: { number, timestamp, gasLimit: this.gasLimit, baseFeePerGas: this.baseFee } },
      { common: this.common },
    );
  }

  async chainId(): Promise<number> {
    return Number(this.common.chainId());
  }

  async timestamp(): Promise<bigint> {
    return this.lastTimestamp;
  }

  async nonce(address: Address): Promise<bigint> {
    return (await this.vm.stateManager.getAccount(new EjsAddress(hexToBytes(address))))?.nonce ?? 0n;
  }

  async call(req: TxRequest & { from?: Address }): Promise<CallResult> {
    if (!req.to) throw badInput("call needs a contract address");
    const block = this.block(this.number + 1n, this.nextTimestamp());
    await this.vm.stateManager.checkpoint();
    try {
      const r = await this.vm.evm.runCall({
        caller: req.from ? new EjsAddress(hexToBytes(req.from)) : undefined,
        origin: req.from ? new EjsAddress(hexToBytes(req.from)) : undefined,
        to: new EjsAddress(hexToBytes(req.to)),
        data: hexToBytes(req.data),
        value: req.value ?? 0n,
        gasLimit: req.gas ?? this.gasLimit,
        block,
        skipBalance: true,
      });
      return { ok: r.execResult.exceptionError === undefined, data: asHex(r.execResult.returnValue) };
    } finally {
      await this.vm.stateManager.revert();
    }
  }

  async estimateGas(req: TxRequest & { from: Address }): Promise<bigint> {
    // A throwaway key signs; runTx skips the nonce and balance checks; the state is rolled back.
    const signer = privateKeyToAccount(generatePrivateKey());
    const tx = await this.signedTx(signer, req, 0n);
    await this.vm.stateManager.checkpoint();
    try {
      const r = await runTx(this.vm, {
        tx,
        block: this.block(this.number + 1n, this.nextTimestamp()),
        skipNonce: true,
        skipBalance: true,
      });
      if (r.execResult.exceptionError) throw badInput(`the transaction reverts: ${r.execResult.exceptionError.error}`);
      return r.totalGasSpent;
    } finally {
      await this.vm.stateManager.revert();
    }
  }

  private async signedTx(account: PrivateKeyAccount, req: TxRequest, nonce: bigint) {
    const serialized = await account.signTransaction({
      type: "eip1559",
      chainId: Number(this.common.chainId()),
      nonce: Number(nonce),
      to: req.to ?? null,
      data: req.data,
      value: req.value ?? 0n,
      gas: req.gas ?? 15_000_000n,
      maxFeePerGas: 10n ** 9n,
      maxPriorityFeePerGas: 0n,
    });
    return createTxFromRLP(hexToBytes(serialized), { common: this.common });
  }

  async send(account: PrivateKeyAccount, req: TxRequest): Promise<EvmReceipt> {
    const tx = await this.signedTx(account, req, await this.nonce(account.address));
    const timestamp = this.nextTimestamp();
    const number = this.number + 1n;
    const r = await runTx(this.vm, { tx, block: this.block(number, timestamp) });
    this.number = number;
    this.lastTimestamp = timestamp;
    const ok = r.execResult.exceptionError === undefined;
    return {
      hash: asHex(tx.hash()),
      status: ok ? "success" : "reverted",
      gasUsed: r.totalGasSpent,
      blockNumber: number,
      logs: (r.execResult.logs ?? []).map(([address, topics, data]) => ({
        address: asHex(address) as Address,
        topics: topics.map(asHex),
        data: asHex(data),
      })),
      contractAddress: ok && r.createdAddress ? (r.createdAddress.toString() as Address) : undefined,
      revertData: ok ? undefined : asHex(r.execResult.returnValue),
    };
  }

  async close(): Promise<void> {}
}

/** Find revert data in a viem error chain (nodes put it in different places). */
function revertDataOf(e: unknown): Hex | undefined {
  let cur: any = e;
  for (let depth = 0; cur && depth < 10; depth++, cur = cur.cause) {
    for (const v of [cur.data, cur.data?.data, cur.error?.data]) {
      if (typeof v === "string" && /^0x[0-9a-fA-F]*$/.test(v)) return v as Hex;
    }
  }
  return undefined;
}

/** A JSON-RPC node through viem. */
export class RpcEvm implements Evm {
  readonly description: string;
  private readonly client: PublicClient;
  private cachedChainId?: number;

  constructor(readonly url: string) {
    if (!/^https?:\/\/\S+$/.test(url)) throw badInput(`--rpc "${url}" must be an http(s) URL, e.g. http://127.0.0.1:8545`);
    this.description = `JSON-RPC node at ${url}`;
    this.client = createPublicClient({ transport: http(url, { timeout: 30_000, retryCount: 0 }) });
  }

  async chainId(): Promise<number> {
    if (this.cachedChainId === undefined) {
      try {
        this.cachedChainId = await this.client.getChainId();
      } catch (e) {
        throw badInput(`cannot reach the node at ${this.url}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    return this.cachedChainId;
  }

  async timestamp(): Promise<bigint> {
    return (await this.client.getBlock({ blockTag: "latest" })).timestamp;
  }

  async nonce(address: Address): Promise<bigint> {
    return BigInt(await this.client.getTransactionCount({ address, blockTag: "pending" }));
  }

  async call(req: TxRequest & { from?: Address }): Promise<CallResult> {
    try {
      const r = await this.client.call({ account: req.from, to: req.to, data: req.data, value: req.value, gas: req.gas });
      return { ok: true, data: r.data ?? "0x" };
    } catch (e) {
      const data = revertDataOf(e);
      if (data === undefined) throw e;
      return { ok: false, data };
    }
  }

  async send(account: PrivateKeyAccount, req: TxRequest): Promise<EvmReceipt> {
    return this.receipt(await this.submit(account, req));
  }

  /** Sign and submit without waiting for it to be mined; returns the transaction hash. */
  async submit(account: PrivateKeyAccount, req: TxRequest): Promise<Hex> {
    const id = await this.chainId();
    const chain = defineChain({
      id,
      name: `chain ${id}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [this.url] } },
    });
    const wallet = createWalletClient({ account, chain, transport: http(this.url, { timeout: 60_000, retryCount: 0 }) });
    return wallet.sendTransaction({ to: req.to ?? null, data: req.data, value: req.value, gas: req.gas } as never);
  }

  /** Wait for a transaction to be mined. */
  async receipt(hash: Hex): Promise<EvmReceipt> {
    const r = await this.client.waitForTransactionReceipt({ hash, timeout: 60_000 });
    return {
      hash,
      status: r.status,
      gasUsed: r.gasUsed,
      blockNumber: r.blockNumber,
      logs: r.logs.map((l) => ({ address: l.address, topics: l.topics as Hex[], data: l.data })),
      contractAddress: r.contractAddress ?? undefined,
    };
  }

  async estimateGas(req: TxRequest & { from: Address }): Promise<bigint> {
    return this.client.estimateGas({ account: req.from, to: req.to, data: req.data, value: req.value });
  }

  /** A raw JSON-RPC request (tests use evm_* methods of a local node). */
  request(method: string, params: unknown[] = []): Promise<unknown> {
    return this.client.request({ method: method as never, params: params as never });
  }

  async close(): Promise<void> {}
}
