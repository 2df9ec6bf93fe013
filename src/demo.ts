import { DEV_ORACLE_ADDRESS, DEV_ORACLE_KEY, attestPrice } from "./price/attestation.js";
import { type OnChainDemoResult, demoChain, runOnChainDemo } from "./chain/demo.js";
import { loadManifest } from "./proof/artifacts.js";
import { proveLiquidation, verifyLiquidation } from "./statements/liquidation.js";
import { newPosition } from "./position/position.js";
import { Prover } from "./proof/prover.js";
import { positionStatus } from "./position/status.js";
import { toHex32 } from "./units.js";
import { commitPosition } from "./position/position.js";

export interface DemoResult {
  valid: boolean;
  commitment: string;
  proveMs: number;
  constraints: number;
  reason: string;
  /** The on-chain part: deployment, gas figures. */
  onChain?: OnChainDemoResult;
}

export interface DemoOptions {
  /** Settle on this JSON-RPC node instead of the embedded EVM (with `key` playing every role). */
  rpcUrl?: string;
  key?: string;
}

/**
 * The whole flow on a built-in example, printing each step: commit a BTC-USD long, have the
 * (public, development) oracle key sign a lower mark price, show the margin figures, prove the
 * liquidation and verify the proof off-chain; then settle it on-chain (embedded EVM by default):
 * deploy, open, verify with the generated verifier, liquidate, refuse a second liquidation.
 */
export async function runDemo(print: (line: string) => void, opts: DemoOptions = {}): Promise<DemoResult> {
  print("zkliq demo (development keys and the public dev oracle key: see README, Security)");
  const chain = await demoChain(opts);
  const position = newPosition({
    market: "BTC-USD",
    side: "long",
    size: "0.5",
    entryPrice: "60000",
    collateral: "3000",
    owner: chain.owner.address,
  });
  const commitment = toHex32(commitPosition(position));
  print(`1. commit  BTC-USD long 0.5 @ 60000 with 3000 collateral -> commitment ${commitment}`);

  const now = Math.floor(Date.now() / 1000);
  const price = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: now }, DEV_ORACLE_KEY);
  print(`2. attest  oracle ${price.oracle} signs mark price 54200 at ${now} (EIP-712)`);

  const s = positionStatus(position, price);
  print(
    `3. status  equity ${s.text.equity}, requirement ${s.text.requirement}, margin ratio ${s.text.marginRatio} ` +
      `< maintenance ${s.text.maintenanceRate}, liquidation price ${s.text.liquidationPrice}: liquidatable`,
  );

  const prover = await Prover.load();
  try {
    const liquidator = chain.liquidator.address;
    const t0 = performance.now();
    const bundle = await proveLiquidation({ position, price, prover, liquidator });
    const proveMs = Math.round(performance.now() - t0);
    const constraints = loadManifest().circuits.liquidation?.constraints ?? 0;
    print(`4. prove   Groth16 proof in ${proveMs} ms (${constraints} constraints); side, size, entry and collateral stay private`);

    const r = await verifyLiquidation(bundle, {
      commitment,
      oracle: DEV_ORACLE_ADDRESS,
      maxAgeSeconds: 300,
      liquidator,
    });
    print(`5. verify  off-chain: ${r.valid ? "valid" : `invalid: ${r.reason}`}`);
    if (!r.valid) {
      print("invalid");
      return { valid: false, commitment, proveMs, constraints, reason: r.reason };
    }
    const onChain = await runOnChainDemo(print, chain, position, bundle, now);
    print(onChain.liquidated ? "valid" : "invalid");
    return { valid: onChain.liquidated, commitment, proveMs, constraints, reason: r.reason, onChain };
  } finally {
    await prover.close();
  }
}
