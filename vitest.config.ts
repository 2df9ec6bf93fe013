import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    // 2 cores here: proofs are CPU-bound, more workers only add contention.
    maxWorkers: 2,
  },
});
