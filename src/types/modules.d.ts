// snarkjs, circom_runtime and r1csfile ship without type declarations; we type what we use.
declare module "snarkjs" {
  export const groth16: {
    prove(zkey: unknown, witness: unknown, logger?: unknown): Promise<{ proof: any; publicSignals: string[] }>;
    verify(vkey: unknown, publicSignals: string[], proof: unknown, logger?: unknown): Promise<boolean>;
    fullProve(input: unknown, wasm: string, zkey: string): Promise<{ proof: any; publicSignals: string[] }>;
    exportSolidityCallData(proof: unknown, publicSignals: unknown): Promise<string>;
  };
  export const zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: unknown): Promise<unknown>;
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: unknown): Promise<unknown>;
    beacon(oldZkey: string, newZkey: string, name: string, beaconHash: string, iterationsExp: number, logger?: unknown): Promise<unknown>;
    verifyFromR1cs(r1cs: string, ptau: string, zkey: string, logger?: unknown): Promise<boolean>;
    exportVerificationKey(zkey: unknown, logger?: unknown): Promise<any>;
    exportSolidityVerifier(zkey: unknown, templates: Record<string, string>, logger?: unknown): Promise<string>;
  };
  export const powersOfTau: {
    newAccumulator(curve: unknown, power: number, file: string, logger?: unknown): Promise<unknown>;
    contribute(oldPtau: string, newPtau: string, name: string, entropy: string, logger?: unknown): Promise<unknown>;
    beacon(oldPtau: string, newPtau: string, name: string, beaconHash: string, iterationsExp: number, logger?: unknown): Promise<unknown>;
    preparePhase2(oldPtau: string, newPtau: string, logger?: unknown): Promise<unknown>;
    verify(ptau: string, logger?: unknown): Promise<boolean>;
  };
  export const r1cs: { info(file: string, logger?: unknown): Promise<any> };
  export const wtns: { calculate(input: unknown, wasm: string, out: { type: "mem"; data?: Uint8Array } | string): Promise<void> };
  export const curves: {
    getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<{ terminate(): Promise<void> }>;
  };
}
declare module "circom_runtime" {
  export interface WitnessCalculator {
    calculateWitness(input: Record<string, unknown>, sanityCheck?: boolean): Promise<bigint[]>;
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck?: boolean): Promise<Uint8Array>;
  }
  export function WitnessCalculatorBuilder(code: Uint8Array, options?: Record<string, unknown>): Promise<WitnessCalculator>;
}
declare module "r1csfile" {
  export function readR1cs(file: string, opts?: Record<string, unknown>): Promise<any>;
}
declare module "ffjavascript" {
  export function getCurveFromName(name: string, opts?: unknown): Promise<any>;
}
