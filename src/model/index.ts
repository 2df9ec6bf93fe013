// The one exact reference model: margin (equity, tiers, liquidation price), closes, disclosure claims.
export * from "./ratio.js";
export * from "./margin.js";
export * from "./close.js";
export * from "./claims.js";
