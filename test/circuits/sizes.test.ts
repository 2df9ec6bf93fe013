// Every circuit's pinned size, in one place: constraints, public signals, and that it fits the
// committed ptau (an edit that drops or adds constraints is noticed here, by number). Also: the
// committed symbol tables carry no line-numbered names (every component is named explicitly).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ARTIFACTS_DIR, loadManifest } from "../../src/proof/artifacts.js";
import { CIRCUITS } from "../../src/proof/circuits.js";
import { CircuitTester, P, type R1csHeader } from "../helpers/circuit.js";

/** The pins. `note`: what the number is worth knowing against. */
const SIZES: Record<string, { constraints: number; publicSignals: number; atMost?: number; note: string }> = {
  liquidation: { constraints: 2033, publicSignals: 4, atMost: 2048, note: "tiers and funding; 1,464 with a flat rate" },
  partial: { constraints: 4049, publicSignals: 7, note: "the transition, the one-lot-less check and the tier pin" },
  disclosure: { constraints: 3612, publicSignals: 11, note: "four claims over the same commitments" },
};
const PTAU_POWER = 12;

const manifest = loadManifest();
const headers = new Map<string, R1csHeader>();
const header = async (id: string): Promise<R1csHeader> => {
  if (!headers.has(id)) headers.set(id, await CircuitTester.readHeader(id));
  return headers.get(id)!;
};

describe("pinned sizes", () => {
  it("every circuit of circuits/circuits.json has a pin, and the ptau is the committed 2^12 one", () => {
    expect(Object.keys(SIZES).sort()).toEqual(Object.keys(CIRCUITS).sort());
    expect(manifest.ptau.power).toBe(PTAU_POWER);
  });

  for (const [id, pin] of Object.entries(SIZES)) {
    it(`${id}: ${pin.constraints.toLocaleString("en-US")} constraints (${pin.note}), ${pin.publicSignals} public signals, as in the manifest`, async () => {
      const h = await header(id);
      expect(h.prime).toBe(P);
      expect(h.nConstraints).toBe(pin.constraints);
      if (pin.atMost !== undefined) expect(h.nConstraints).toBeLessThanOrEqual(pin.atMost);
      expect(h.nOutputs + h.nPubInputs).toBe(pin.publicSignals);
      expect(CIRCUITS[id]!.public.length).toBe(pin.publicSignals);
      expect(manifest.circuits[id]!.constraints).toBe(pin.constraints);
    });

    it(`${id}: fits the 2^${PTAU_POWER} ptau (constraints + public signals + 1)`, async () => {
      const h = await header(id);
      expect(h.nConstraints + h.nOutputs + h.nPubInputs + 1).toBeLessThanOrEqual(2 ** PTAU_POWER);
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
