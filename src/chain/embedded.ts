/** An in-process EVM (@ethereumjs/vm): the demo's chain and the fast on-chain tests' (see evm.ts). */
import { createBlock } from "@ethereumjs/block";
import { Hardfork, Mainnet, createCustomCommon, type Common } from "@ethereumjs/common";
import { createTxFromRLP } from "@ethereumjs/tx";
import { Account as EjsAccount, Address as EjsAddress, bytesToHex, hexToBytes } from "@ethereumjs/util";
import { type VM, createVM, runTx } from "@ethereumjs/vm";
import type { Address, Hex, PrivateKeyAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { badInput } from "../errors.js";
import { type CallResult, DEV_CHAIN_ID, type Evm, type EvmReceipt, type TxRequest } from "./evm.js";

const asHex = (b: Uint8Array): Hex => bytesToHex(b) as Hex;

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
