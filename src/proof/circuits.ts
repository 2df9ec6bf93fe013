import { PACKAGE_ROOT, joinPath, readText } from "../platform.js";

/** One circuit instance as declared in circuits/circuits.json (the single source of widths). */
export interface CircuitConfig {
  template: string;
  file: string;
  params: Record<string, number>;
  public: string[];
  /** The circuit's size, pinned: test/circuits/sizes.test.ts checks it against the compiled r1cs. */
  constraints: number;
}

export const CIRCUITS: Record<string, CircuitConfig> = JSON.parse(readText(joinPath(PACKAGE_ROOT, "circuits", "circuits.json")));

function liquidationParam(name: string): number {
  const v = CIRCUITS.liquidation?.params[name];
  if (v === undefined) throw new Error(`circuits.json: liquidation.params.${name} missing`);
  return v;
}

/** Bit widths of every integer the circuits accept; values outside are rejected up front. */
export const BITS = {
  marketId: liquidationParam("MB"),
  size: liquidationParam("SB"),
  price: liquidationParam("PB"),
  collateral: liquidationParam("CB"),
  funding: liquidationParam("FB"),
  nonce: liquidationParam("NB"),
  owner: liquidationParam("OB"),
  timestamp: liquidationParam("TB"),
  rate: liquidationParam("RB"),
  /** Tier maintenance amounts (cum x 10000, whole quote units). */
  cum: liquidationParam("CQB"),
  /** The market's value unit 10^(sizeDecimals + priceDecimals) times a cum must stay below 2^(cum + unit). */
  unit: liquidationParam("UB"),
} as const;

/** Rows of a market's tier table in the circuits (unused rows repeat the last tier). */
export const TIER_ROWS = liquidationParam("K");
