// On-chain settlement: the ZkliqLiquidation contract and its generated verifier, on an embedded
// EVM or a JSON-RPC node.
export * from "./contracts.js";
export * from "./evm.js";
export * from "./embedded.js";
export * from "./rpc.js";
export * from "./keys.js";
export * from "./settlement.js";
