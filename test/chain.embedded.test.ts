// On-chain settlement on the in-process EVM (@ethereumjs/vm): the settlement suite, the example
// venue hook, and the encoding of proofs and calls.
import { afterAll, beforeAll } from "vitest";
import { EmbeddedEvm } from "../src/chain/embedded.js";
import { shutdown } from "../src/prover.js";
import { ACCOUNTS, AHEAD } from "./helpers/chain.js";
import { settlementSuite } from "./helpers/settlement-suite.js";

let evm: EmbeddedEvm;
beforeAll(async () => {
  evm = await EmbeddedEvm.create({ fund: ACCOUNTS.map((a) => a.address), timeOffset: -AHEAD });
});
afterAll(shutdown);

settlementSuite("embedded EVM", () => ({ evm, advance: async (s) => evm.increaseTime(s) }));
