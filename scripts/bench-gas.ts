/**
 * npm run bench:gas: gas of the on-chain liquidation, measured with real transactions:
 *   - verifyProof of the generated verifier, sent as a transaction (and its execution part);
 *   - a whole liquidate() transaction (target <= 260,000 gas), without and with the example venue hook;
 *   - open() and the deployments; the number of public signals.
 * On the embedded EVM by default, or on a node: `-- --rpc URL` with a funded ZKLIQ_KEY (one key
 * plays every role). Calldata costs vary by a few gas with the proof's zero bytes, so BENCH_RUNS
 * proofs (default 3) are measured and min..max printed. Record results in docs/benchmarks.md.
 */
import { cpus } from "node:os";
import { type Hex, type PrivateKeyAccount, encodeFunctionData, hexToBytes, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice } from "../src/price/attestation.js";
import { CIRCUITS } from "../src/proof/circuits.js";
import { loadContract, loadVerifierContract } from "../src/chain/contracts.js";
import { EmbeddedEvm } from "../src/chain/embedded.js";
import type { Evm } from "../src/chain/evm.js";
import { accountFromKey } from "../src/chain/keys.js";
import { RpcEvm } from "../src/chain/rpc.js";
import {
  type Deployment,
  deployWithExampleVenue,
  deployZkliq,
  liquidatePosition,
  openPosition,
  sendChecked,
  solidityProof,
} from "../src/chain/settlement.js";
import { proveLiquidation } from "../src/statements/liquidation.js";
import { commitPosition, newPosition } from "../src/position/position.js";
import { Prover, shutdown } from "../src/proof/prover.js";
import { SOLC_SETTINGS, solcVersion } from "./solidity.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET = 260_000n;
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** Intrinsic gas of a call: 21,000 + 16 per non-zero and 4 per zero calldata byte. */
const intrinsic = (data: Hex): bigint =>
  21_000n + [...hexToBytes(data)].reduce((sum, b) => sum + (b === 0 ? 4n : 16n), 0n);

const fmt = (n: bigint): string => n.toLocaleString("en-US");
const range = (xs: bigint[]): string => {
  const lo = xs.reduce((a, b) => (a < b ? a : b));
  const hi = xs.reduce((a, b) => (a > b ? a : b));
  return lo === hi ? fmt(lo) : `${fmt(lo)} .. ${fmt(hi)}`;
};

async function main(): Promise<void> {
  const rpc = arg("--rpc");
  let evm: Evm;
  let admin: PrivateKeyAccount;
  let owner: PrivateKeyAccount;
  let liquidator: PrivateKeyAccount;
  if (rpc) {
    evm = new RpcEvm(rpc);
    admin = owner = liquidator = accountFromKey(arg("--key"));
  } else {
    [admin, owner, liquidator] = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey())) as [PrivateKeyAccount, PrivateKeyAccount, PrivateKeyAccount];
    evm = await EmbeddedEvm.create({ fund: [admin.address, owner.address, liquidator.address] });
  }
  const opts = { oracles: [DEV_ORACLE_ADDRESS], maxPriceAgeSeconds: 3600 };
  const d: Deployment = await deployZkliq(evm, admin, opts);
  const v = await deployWithExampleVenue(evm, admin, { ...opts, insuranceFund: admin.address, liquidatorRewardBps: 500 });
  const verifierAbi = loadVerifierContract().abi;
  const venueAbi = loadContract("ExampleVenue").abi;

  const prover = await Prover.load();
  const verifyTx: bigint[] = [];
  const verifyExec: bigint[] = [];
  const liquidate: bigint[] = [];
  const liquidateHook: bigint[] = [];
  const open: bigint[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const position = newPosition({ market: "BTC-USD", side: "long", size: "0.5", entryPrice: "60000", collateral: "3000", owner: owner.address });
      const commitment = commitPosition(position);
      const timestamp = Math.floor(Date.now() / 1000);
      const offchain = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp }, DEV_ORACLE_KEY);
      const bundle = await proveLiquidation({ position, price: offchain, liquidator: liquidator.address, prover });
      const p = solidityProof(bundle.proof);

      const data = encodeFunctionData({ abi: verifierAbi, functionName: "verifyProof", args: [p.a, p.b, p.c, bundle.publicSignals.map(BigInt)] } as never);
      const vr = await evm.send(liquidator, { to: d.verifier, data });
      if (vr.status !== "success") throw new Error("verifyProof transaction reverted");
      verifyTx.push(vr.gasUsed);
      verifyExec.push(vr.gasUsed - intrinsic(data));

      for (const [dep, out] of [[d, liquidate], [v, liquidateHook]] as const) {
        if (dep === v) {
          const deposit = encodeFunctionData({ abi: venueAbi, functionName: "deposit", args: [commitment] });
          await sendChecked(evm, owner, "deposit", { to: v.venue, data: deposit, value: parseEther("0.001") });
        }
        const o = await openPosition(evm, owner, dep.liquidation, commitment, 1);
        if (dep === d) open.push(o.gasUsed);
        const att = await attestPrice(
          { market: "BTC-USD", markPrice: "54200", timestamp, domain: { chainId: dep.chainId, verifyingContract: dep.liquidation } },
          DEV_ORACLE_KEY,
        );
        out.push((await liquidatePosition(evm, liquidator, dep.liquidation, bundle, att)).receipt.gasUsed);
      }
    }
  } finally {
    await prover.close();
  }

  const worst = liquidate.reduce((a, b) => (a > b ? a : b));
  const s = SOLC_SETTINGS;
  const rows: [string, string][] = [
    ["public signals", String(CIRCUITS.liquidation!.public.length)],
    ["verifyProof, as a transaction", range(verifyTx)],
    ["verifyProof, execution only", range(verifyExec)],
    ["liquidate, whole transaction", `${range(liquidate)}   target <= ${fmt(TARGET)}: ${worst <= TARGET ? "met" : "MISSED"}`],
    ["liquidate with ExampleVenue hook", range(liquidateHook)],
    ["open", range(open)],
    ["deploy LiquidationVerifier", fmt(BigInt(d.gas.verifier))],
    ["deploy ZkliqLiquidation", fmt(BigInt(d.gas.liquidation))],
  ];
  console.log(`zkliq gas: ${evm.description}; solc ${solcVersion()} viaIR=${s.viaIR} optimizer ${s.optimizer.runs} runs, evm ${s.evmVersion}`);
  console.log(`${RUNS} proofs; machine: ${cpus()[0]?.model ?? "unknown"} x ${cpus().length}, node ${process.version}`);
  for (const [k, val] of rows) console.log(`  ${k.padEnd(34)} ${val}`);
}

main()
  .then(shutdown)
  .catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    await shutdown();
    process.exit(1);
  });
