// Every circuit's pinned size, checked in one place. The pins live with the circuit's declaration in
// circuits/circuits.json: `constraints` (an edit that drops or adds constraints is noticed here, by
// number) and `public` (the public signals, in order); each circuit must match them in its committed
// r1cs and in the manifest, and fit the committed ptau. Also: the committed symbol tables carry no
// line-numbered names (every component is named explicitly).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ARTIFACTS_DIR, loadManifest } from "../../src/proof/artifacts.js";
import { CIRCUITS, type CircuitConfig } from "../../src/proof/circuits.js";
import { CircuitTester, P, type R1csHeader } from "../helpers/circuit.js";

/** The circuits built before per-circuit ptaus all use the committed 2^12 one (their keys must not move). */
const FIRST_CIRCUITS = ["disclosure", "liquidation", "partial"];
/** A circuits.json entry with its pinned constraint count. */
const pinned = (id: string): CircuitConfig & { constraints?: number } => CIRCUITS[id]!;

const manifest = loadManifest();
const headers = new Map<string, R1csHeader>();
const header = async (id: string): Promise<R1csHeader> => {
  if (!headers.has(id)) headers.set(id, await CircuitTester.readHeader(id));
  return headers.get(id)!;
};

describe("pinned sizes (circuits/circuits.json)", () => {
  it("every circuit pins its constraint count; the first three keep the committed 2^12 ptau", () => {
    for (const id of Object.keys(CIRCUITS)) expect(Number.isInteger(pinned(id).constraints), `${id}.constraints`).toBe(true);
    for (const id of FIRST_CIRCUITS) expect(manifest.circuits[id]!.ptau, id).toBe(12);
    expect(manifest.ptaus["12"]!.blake2b512).toBe(
      "8ceaf7e903c153448fe2b595cc985e23d688105838fb2a2219f9492bac4e19ca71b41495d000d5a53190802892bc0db8012ae77638da49fe7e22b609d3c7b110",
    );
  });

  for (const id of Object.keys(CIRCUITS)) {
    const pin = pinned(id);
    it(`${id}: ${pin.constraints?.toLocaleString("en-US")} constraints and ${pin.public.length} public signals, in the r1cs and the manifest`, async () => {
      const h = await header(id);
      expect(h.prime).toBe(P);
      expect(h.nConstraints).toBe(pin.constraints);
      expect(h.nOutputs + h.nPubInputs).toBe(pin.public.length);
      expect(manifest.circuits[id]!.constraints).toBe(pin.constraints);
      expect(manifest.circuits[id]!.publicSignals).toEqual(pin.public);
    });

    it(`${id}: fits its ptau, the smallest that does (at least 2^12)`, async () => {
      const h = await header(id);
      const power = manifest.circuits[id]!.ptau;
      const domain = h.nConstraints + h.nOutputs + h.nPubInputs + 1;
      expect(manifest.ptaus[String(power)]!.power).toBe(power);
      expect(domain).toBeLessThanOrEqual(2 ** power);
      if (power > 12) expect(domain).toBeGreaterThan(2 ** (power - 1));
    });
  }
});

describe("symbol names", () => {
  // circom names an anonymous component `T(...)(...)` <Template>_<line>_<offset>: such a name moves
  // with any edit above it (a comment re-keyed a circuit once). Every component is named instead.
  const LINE_NUMBERED = /_\d+_\d+\./;
  for (const id of Object.keys(CIRCUITS)) {
    it(`${id}.sym has no line-numbered anonymous-component name`, () => {
      const names = readFileSync(join(DEFAULT_ARTIFACTS_DIR, id, `${id}.sym`), "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => l.split(",").slice(3).join(","));
      expect(names.length).toBeGreaterThan(1000);
      expect(names.filter((n) => LINE_NUMBERED.test(n))).toEqual([]);
    });
  }
});
