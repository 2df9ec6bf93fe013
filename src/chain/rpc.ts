/** A JSON-RPC node through viem (see evm.ts). */
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
import { badInput } from "../errors.js";
import type { CallResult, Evm, EvmReceipt, TxRequest } from "./evm.js";

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
    await this.chainId(); // a clear error for an unreachable node
    return (await this.client.getBlock({ blockTag: "latest" })).timestamp;
  }

  async nonce(address: Address): Promise<bigint> {
    await this.chainId();
    return BigInt(await this.client.getTransactionCount({ address, blockTag: "pending" }));
  }

  async call(req: TxRequest & { from?: Address }): Promise<CallResult> {
    await this.chainId();
    try {
      // "pending": the block the transaction would land in, so its timestamp is now, not the last block's.
      const r = await this.client.call({ account: req.from, to: req.to, data: req.data, value: req.value, gas: req.gas, blockTag: "pending" });
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
