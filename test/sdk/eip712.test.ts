// The price attestation's EIP-712 code (src/price/eip712.ts, on @noble alone) against viem, which
// signed and recovered attestations before: same digest, byte-identical signatures, same recovered
// address, and every malformed signature viem refused is refused here too, with a reason.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { getAddress, hashTypedData, isAddress as viemIsAddress, recoverAddress, recoverTypedDataAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { secp256k1 } from "@noble/curves/secp256k1";
import { describe, expect, it } from "vitest";
import {
  ATTESTATION_TYPES,
  DEV_ORACLE_ADDRESS,
  DEV_ORACLE_KEY,
  OFFCHAIN_DOMAIN,
  attestPrice,
  eip712Domain,
  verifyPriceAttestation,
  type AttestationDomain,
  type PriceAttestation,
} from "../../src/price/attestation.js";
import {
  SECP256K1_N,
  addressOf,
  checksumAddress,
  isAddress,
  priceDigest,
  recoverDigestSigner,
  signDigest,
  toHex,
  type PriceMessage,
} from "../../src/price/eip712.js";
import { PACKAGE_ROOT } from "../../src/root.js";

const RUNS = Number(process.env.ZKLIQ_FUZZ_RUNS ?? 100);
const N = SECP256K1_N;
const hex32 = (x: bigint): string => x.toString(16).padStart(64, "0");

const keyArb = fc.bigInt({ min: 1n, max: N - 1n }).map((k) => `0x${hex32(k)}` as Hex);
const addressArb = fc
  .tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.boolean())
  .map(([b, checksummed]) => {
    const lower = toHex(b);
    return checksummed ? getAddress(lower) : lower;
  });
const domainArb: fc.Arbitrary<AttestationDomain> = fc.record({
  chainId: fc.oneof(fc.constantFrom(0, 1, 31337), fc.maxSafeNat()),
  verifyingContract: addressArb,
});
const messageArb: fc.Arbitrary<PriceMessage> = fc.record({
  marketId: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  timestamp: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  priceCommitment: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
});

/** The same typed data, as viem takes it. */
const viemTyped = (domain: AttestationDomain, m: PriceMessage) => ({
  domain: eip712Domain(domain),
  types: ATTESTATION_TYPES,
  primaryType: "PriceAttestation" as const,
  message: { marketId: m.marketId, timestamp: BigInt(m.timestamp), priceCommitment: m.priceCommitment },
});

/** viem's verdict on a signature: the address, or "refused". */
async function viemRecover(domain: AttestationDomain, m: PriceMessage, signature: string): Promise<string> {
  try {
    return await recoverTypedDataAddress({ ...viemTyped(domain, m), signature: signature as Hex });
  } catch {
    return "refused";
  }
}

/** Ours, in the same shape; the reason is kept to check that it says what is wrong. */
function ourRecover(domain: AttestationDomain, m: PriceMessage, signature: string): { address: string; reason?: string } {
  try {
    return { address: recoverDigestSigner(priceDigest(eip712Domain(domain), m), signature) };
  } catch (e) {
    return { address: "refused", reason: (e as Error).message };
  }
}

describe("EIP-712 price attestations without viem", () => {
  it("digest, signature, signer address and recovery equal viem's for random keys, domains and messages", async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, domainArb, messageArb, async (key, domain, m) => {
        const typed = viemTyped(domain, m);
        const digest = priceDigest(eip712Domain(domain), m);
        expect(toHex(digest)).toBe(hashTypedData(typed));
        const account = privateKeyToAccount(key);
        expect(addressOf(key)).toBe(account.address);
        const signature = signDigest(digest, key);
        expect(signature).toBe(await account.signTypedData(typed));
        expect(recoverDigestSigner(digest, signature)).toBe(await recoverTypedDataAddress({ ...typed, signature }));
        expect(recoverDigestSigner(digest, signature)).toBe(account.address);
      }),
      { numRuns: RUNS },
    );
  });

  it("random (r, s, v) recover to viem's address, or are refused where viem refused (or for high s)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
        fc.constantFrom("1b", "1c", "00", "01"),
        async (digest, r, s, v) => {
          const signature = `0x${hex32(r)}${hex32(s)}${v}`;
          let ours: string;
          try {
            ours = recoverDigestSigner(digest, signature);
          } catch (e) {
            ours = (e as Error).message;
          }
          let theirs: string;
          try {
            theirs = await recoverAddress({ hash: toHex(digest), signature: signature as Hex });
          } catch {
            theirs = "refused";
          }
          if (s > N >> 1n && s < N && r > 0n && r < N) expect(ours).toMatch(/above n\/2/);
          else if (theirs === "refused") expect(ours).not.toMatch(/^0x/);
          else expect(ours).toBe(theirs);
        },
      ),
      // Small r and s hit the range checks; r below the field size is usually a valid x.
      { numRuns: RUNS, examples: [[new Uint8Array(32), 1n, 1n, "1b"], [new Uint8Array(32).fill(255), N - 1n, 1n, "1c"]] },
    );
  });

  it("EIP-55 checksums and address validity agree with viem", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.nat(40), (b, flip) => {
        const lower = toHex(b);
        expect(checksumAddress(lower)).toBe(getAddress(lower));
        expect(checksumAddress(lower.toUpperCase().replace("0X", "0x"))).toBe(getAddress(lower));
        // Flip the case of one letter of the checksummed form: strict validity must agree with viem.
        const c = getAddress(lower);
        const i = 2 + (flip % 40);
        const ch = c[i]!;
        const flipped = c.slice(0, i) + (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) + c.slice(i + 1);
        expect(isAddress(flipped)).toBe(viemIsAddress(flipped));
        expect(isAddress(c)).toBe(true);
        expect(isAddress(lower)).toBe(true);
      }),
      { numRuns: RUNS },
    );
    for (const bad of ["0x", "0x123", `0x${"g".repeat(40)}`, "1234567890123456789012345678901234567890", `0x${"1".repeat(41)}`]) {
      expect(() => checksumAddress(bad)).toThrow(/not an address/);
      expect(isAddress(bad)).toBe(false);
    }
  });

  it("attestPrice signs exactly what viem signs, and the attestation verifies", async () => {
    const domain: AttestationDomain = { chainId: 31337, verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };
    const a = await attestPrice({ market: "BTC-USD", markPrice: "54200.5", fundingIndex: "-1.25", timestamp: 1_795_000_000, domain }, DEV_ORACLE_KEY);
    expect(a.oracle).toBe(DEV_ORACLE_ADDRESS);
    const m = { marketId: a.marketId, timestamp: a.timestamp, priceCommitment: a.commitment };
    expect(a.signature).toBe(await privateKeyToAccount(DEV_ORACLE_KEY).signTypedData(viemTyped(domain, m)));
    const ok = await verifyPriceAttestation(a, { oracle: DEV_ORACLE_ADDRESS.toLowerCase(), now: a.timestamp });
    expect(ok).toEqual({ valid: true, reason: "price attestation is valid", signer: DEV_ORACLE_ADDRESS });
  });

  it("refuses bad private keys with a reason", async () => {
    for (const [key, why] of [
      ["0x1234", /64 hex digits/],
      [`0x${"zz".repeat(32)}`, /64 hex digits/],
      [`0x${hex32(0n)}`, /in \[1, n\)/],
      [`0x${hex32(N)}`, /\[1, n\)/],
    ] as const) {
      await expect(attestPrice({ market: "BTC-USD", markPrice: "1" }, key as Hex)).rejects.toThrow(why);
      expect(() => privateKeyToAccount(key as Hex)).toThrow(); // viem refused them too
    }
  });

  describe("malformed and tampered signatures", () => {
    const domain = OFFCHAIN_DOMAIN;
    const m: PriceMessage = { marketId: 1, timestamp: 1_795_000_000, priceCommitment: 12345678901234567890n };
    const good = signDigest(priceDigest(eip712Domain(domain), m), DEV_ORACLE_KEY);
    const r = BigInt(`0x${good.slice(2, 66)}`);
    const s = BigInt(`0x${good.slice(66, 130)}`);
    const v = good.slice(130);
    const sig = (r_: bigint, s_: bigint, v_: string): string => `0x${hex32(r_)}${hex32(s_)}${v_}`;
    // The smallest r that is not the x-coordinate of a curve point.
    let rNoPoint = 1n;
    for (;;) {
      try {
        secp256k1.ProjectivePoint.fromHex(`02${hex32(rNoPoint)}`);
        rNoPoint++;
      } catch {
        break;
      }
    }

    const refusedByBoth: [string, string, RegExp][] = [
      ["empty", "0x", /65 bytes/],
      ["64 bytes (no v)", good.slice(0, 130), /65 bytes .*got 64$/],
      ["66 bytes", `${good}00`, /65 bytes .*got 66$/],
      ["not hex", `0x${"zz".repeat(65)}`, /not a 0x-prefixed hex/],
      ["no 0x", good.slice(2), /not a 0x-prefixed hex/],
      ["v = 29", sig(r, s, "1d"), /v must be 27 or 28, got 29/],
      ["v = 2", sig(r, s, "02"), /v must be 27 or 28, got 2/],
      ["v = 255", sig(r, s, "ff"), /v must be 27 or 28, got 255/],
      ["r = 0", sig(0n, s, v), /r must be in \[1, n\)/],
      ["s = 0", sig(r, 0n, v), /s must be in \[1, n\)/],
      ["r = n", sig(N, s, v), /r must be in \[1, n\)/],
      ["s = n", sig(r, N, v), /s must be in \[1, n\)/],
      ["r = 2^256 - 1", sig(2n ** 256n - 1n, s, v), /r must be in \[1, n\)/],
      ["r not on the curve", sig(rNoPoint, s, v), /recovers no public key/],
    ];
    for (const [name, bad, why] of refusedByBoth) {
      it(`refuses ${name}, as viem did`, async () => {
        const ours = ourRecover(domain, m, bad);
        expect(ours.address).toBe("refused");
        expect(ours.reason).toMatch(why);
        expect(await viemRecover(domain, m, bad)).toBe("refused");
      });
    }

    it("refuses an odd number of hex digits (viem read 0x + 129 digits as 65 bytes, v = the last nibble)", async () => {
      const odd = `${good.slice(0, 130)}1`;
      expect(await viemRecover(domain, m, odd)).not.toBe("refused");
      expect(ourRecover(domain, m, odd).reason).toMatch(/65 bytes .*got 129 hex digits/);
    });

    it("refuses the high-s twin (viem accepted it; the contract refuses it)", async () => {
      const twin = sig(r, N - s, v === "1b" ? "1c" : "1b");
      expect(await viemRecover(domain, m, twin)).toBe(DEV_ORACLE_ADDRESS);
      const ours = ourRecover(domain, m, twin);
      expect(ours.reason).toMatch(/above n\/2/);
      // s = n/2 is the largest low s the contract accepts (s > HALF_CURVE_ORDER reverts).
      expect(ourRecover(domain, m, sig(r, N >> 1n, v)).reason).toBeUndefined();
      expect(ourRecover(domain, m, sig(r, (N >> 1n) + 1n, v)).reason).toMatch(/above n\/2/);
    });

    it("accepts v = 0/1 for 27/28, as viem did", async () => {
      const bare = sig(r, s, v === "1b" ? "00" : "01");
      expect(ourRecover(domain, m, bare).address).toBe(DEV_ORACLE_ADDRESS);
      expect(await viemRecover(domain, m, bare)).toBe(DEV_ORACLE_ADDRESS);
    });

    it("a flipped bit anywhere in r, s or v recovers another address or is refused, as in viem", async () => {
      for (let byte = 0; byte < 65; byte++) {
        const b = parseInt(good.slice(2 + 2 * byte, 4 + 2 * byte), 16) ^ (1 << byte % 8);
        const bad = `${good.slice(0, 2 + 2 * byte)}${b.toString(16).padStart(2, "0")}${good.slice(4 + 2 * byte)}`;
        const ours = ourRecover(domain, m, bad);
        expect(ours.address).not.toBe(DEV_ORACLE_ADDRESS);
        const theirs = await viemRecover(domain, m, bad);
        // Same verdict, except the high-s signatures this module refuses on purpose.
        if (!/above n\/2/.test(ours.reason ?? "")) expect(ours.address).toBe(theirs);
      }
    });

    it("verifyPriceAttestation explains a bad signature instead of throwing", async () => {
      const a = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: 1_795_000_000 }, DEV_ORACLE_KEY);
      const check = (signature: string) => verifyPriceAttestation({ ...a, signature: signature as Hex }, { now: a.timestamp });
      expect(await check(a.signature.slice(0, 130))).toMatchObject({ valid: false, reason: expect.stringMatching(/^price signature does not parse: .*65 bytes/) });
      expect(await check(`${a.signature.slice(0, 130)}1d`)).toMatchObject({ valid: false, reason: expect.stringMatching(/v must be 27 or 28/) });
      const flipped = `${a.signature.slice(0, 10)}${a.signature[10] === "0" ? "1" : "0"}${a.signature.slice(11)}`;
      const r1 = await verifyPriceAttestation({ ...a, signature: flipped as Hex }, { now: a.timestamp });
      expect(r1.valid).toBe(false);
      expect(r1.reason).toMatch(/does not parse|not by the named oracle/);
      expect(await verifyPriceAttestation({ ...a, oracle: "0x1234" }, { now: a.timestamp })).toMatchObject({
        valid: false,
        reason: expect.stringMatching(/^price oracle: .*not an address/),
      });
      await expect(verifyPriceAttestation(a, { oracle: "nope", now: a.timestamp })).rejects.toThrow(/trusted oracle: .*not an address/);
    });
  });

  it("a signature for another chain id or contract recovers another address", async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, domainArb, messageArb, fc.boolean(), async (key, domain, m, changeChain) => {
        const signature = signDigest(priceDigest(eip712Domain(domain), m), key);
        const other: AttestationDomain = changeChain
          ? { ...domain, chainId: domain.chainId === 0 ? 1 : domain.chainId - 1 }
          : { ...domain, verifyingContract: checksumAddress(`0x${(BigInt(domain.verifyingContract) ^ 1n).toString(16).padStart(40, "0")}`) };
        const elsewhere = ourRecover(other, m, signature);
        expect(elsewhere.address).not.toMatch(/refused|^$/);
        expect(elsewhere.address).not.toBe(addressOf(key));
        expect(elsewhere.address).toBe(await viemRecover(other, m, signature));
      }),
      { numRuns: Math.min(RUNS, 100) },
    );
    const a = await attestPrice({ market: "BTC-USD", markPrice: "54200", timestamp: 1_795_000_000 }, DEV_ORACLE_KEY);
    for (const domain of [
      { chainId: 1, verifyingContract: OFFCHAIN_DOMAIN.verifyingContract },
      { chainId: 0, verifyingContract: "0x0000000000000000000000000000000000000001" as const },
    ]) {
      const r = await verifyPriceAttestation({ ...a, domain }, { now: a.timestamp });
      expect(r.valid).toBe(false);
      expect(r.reason).toMatch(/not by the named oracle/);
    }
  });

  it("refuses out-of-range message fields and a domain address with a broken checksum, as viem did", async () => {
    const okDomain = eip712Domain({ chainId: 1, verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" });
    const m: PriceMessage = { marketId: 1, timestamp: 1n, priceCommitment: 1n };
    const cases: [Parameters<typeof priceDigest>[0], PriceMessage, RegExp][] = [
      [okDomain, { ...m, marketId: 2 ** 32 }, /marketId .* uint32/],
      [okDomain, { ...m, marketId: -1 }, /marketId .* uint32/],
      [okDomain, { ...m, marketId: 1.5 }, /not an integer/],
      [okDomain, { ...m, timestamp: 2n ** 64n }, /timestamp .* uint64/],
      [okDomain, { ...m, priceCommitment: 2n ** 256n }, /priceCommitment .* uint256/],
      [{ ...okDomain, chainId: -1 }, m, /chainId .* uint256/],
      [{ ...okDomain, verifyingContract: "0x5fbDB2315678afecb367f032d93F642f64180aa3" }, m, /EIP-55 checksum/],
    ];
    for (const [domain, msg, why] of cases) {
      expect(() => priceDigest(domain, msg)).toThrow(why);
      expect(() =>
        hashTypedData({
          domain,
          types: ATTESTATION_TYPES,
          primaryType: "PriceAttestation",
          message: { marketId: msg.marketId, timestamp: BigInt(msg.timestamp), priceCommitment: msg.priceCommitment },
        }),
      ).toThrow();
    }
  });

  it("loading the price module (built) loads neither viem nor @ethereumjs", () => {
    const entry = join(PACKAGE_ROOT, "dist/src/price/attestation.js");
    expect(existsSync(entry), "run `npm run build` first").toBe(true);
    // A preload that prints every module file resolved, ESM (resolve hook) and CommonJS (require).
    const hooks = join(mkdtempSync(join(tmpdir(), "zkliq-loaded-")), "hooks.mjs");
    writeFileSync(
      hooks,
      `import Module, { register } from "node:module";
import { writeSync } from "node:fs";
register("data:text/javascript," + encodeURIComponent(
  'import { writeSync } from "node:fs";' +
  'export async function resolve(s, c, next) { const r = await next(s, c); writeSync(2, "LOADED " + r.url + "\\\\n"); return r; }'));
const orig = Module._resolveFilename;
Module._resolveFilename = function (...a) { const f = orig.apply(this, a); writeSync(2, "LOADED " + f + "\\n"); return f; };
`,
    );
    const r = spawnSync(process.execPath, ["--import", hooks, "--input-type=module", "-e", `await import(${JSON.stringify(entry)})`], {
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const loaded = r.stderr.split("\n").filter((l) => l.startsWith("LOADED "));
    expect(loaded.some((l) => l.includes("/dist/src/price/eip712.js"))).toBe(true); // the hooks do see our modules
    expect(loaded.some((l) => l.includes("/node_modules/@noble/curves/"))).toBe(true);
    expect(loaded.filter((l) => /node_modules\/(viem|@ethereumjs|ox|abitype)\//.test(l))).toEqual([]);
  });
});
