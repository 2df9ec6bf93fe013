pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "../gadgets/PositionCommitment.circom";
include "../gadgets/PriceCommitment.circom";
include "../gadgets/UintRange.circom";
include "../gadgets/RiskParams.circom";
include "../gadgets/DisclosureEquity.circom";
include "../gadgets/DisclosureMarginRatio.circom";
include "../gadgets/DisclosureLeverage.circom";
include "../gadgets/DisclosureLiquidationBound.circom";
include "../gadgets/DisclosureNotionalRange.circom";

/// @title Disclosure
/// @notice Proves knowledge of an opening of `positionCommitment` and of the price point behind
///         `priceCommitment`, for the same market, such that every claim enabled in `claimMask`
///         holds at that price, and nothing else about the position:
///           bit 0  margin ratio >= minMarginBps / 10000                 (DisclosureMarginRatio)
///           bit 1  leverage <= maxLeverageBps / 10000, equity > 0        (DisclosureLeverage)
///           bit 2  not liquidatable at mark price liqPriceBound under the  (DisclosureLiquidationBound)
///                  tiered requirement, in the notional's own (pinned) tier, i.e.
///                  long: liquidation price <= bound, short: >= bound
///           bit 3  notionalMin <= notional <= notionalMax               (DisclosureNotionalRange)
///         A disabled claim constrains nothing, and its parameters must be 0, so each set of claims
///         has exactly one public form.
/// @dev Public signals, in this order (what each reveals):
///        positionCommitment  the position it is about (already public; hides the opening)
///        priceCommitment     the oracle-signed price point (public through the attestation)
///        riskParamsHash      the market's risk parameters (tier table, penalty, lot step), computed
///                            in-circuit (RiskParams); claim bit 2 uses the tier rows; the verifier
///                            recomputes it from its own market table
///        challenge           the verifier's nonce, bound by a quadratic constraint: the proof
///                            answers one verifier and cannot be replayed to another
///        expiresAt           unix seconds after which verifiers refuse the proof (range-checked)
///        claimMask           which claims are made (4 bits)
///        minMarginBps, maxLeverageBps, liqPriceBound, notionalMin, notionalMax
///                            the thresholds the prover chose (0 when the claim is not made)
///      Private: the tier hint of claim bit 2, side (even for claim bit 2), size, entry price, collateral, entry funding index,
///      owner, nonce, salt, and so the exact equity, margin ratio, leverage, notional and
///      liquidation price. Each public signal costs ~6.2k gas on-chain: packing the mask and the
///      three small thresholds into one signal would save 3 at no constraint cost, at the price of
///      an opaque value; disclosures are mostly verified off-chain, so they are kept apart.
///      Components, in key order: leverage, liquidationBound, marginRatio, notionalRange (the four
///      claims), pickedClaims (claimMask's bits), position, price, riskParams (the three hashes),
///      signalRange[6] (range checks of notionalMax, expiresAt, minMarginBps, maxLeverageBps,
///      liqPriceBound, notionalMin, in that order), valuation (the equity split at markPrice).
///      Component names: circom lays out a template's subcomponents (witness slots, constraint
///      order) sorted by NAME, so the names are chosen to sort in the order the keys were generated
///      with (once circom's line-numbered names of anonymous components). Renaming a component can
///      therefore re-key the circuit; `npm run artifacts:check` reports it. Anonymous components
///      (`T(...)(...)`) are not used: their names carry source line numbers.
/// @param MB..UB as in Liquidation; XB bits of minMarginBps; LB bits of maxLeverageBps.
/// Constraints (circuits/circuits.json widths): 3,612 = commitments 1,312 + risk-parameter hash 504
///   + equity 4 + margin ratio 152 + leverage 299 + notional range 260 + tiered liquidation bound 672
///   + public-input ranges and binding ~409.
///   Fits the 2^12 dev ptau. Pinned in circuits/circuits.json ("constraints"), checked by
///   test/circuits/sizes.test.ts.
template Disclosure(MB, SB, PB, CB, FB, NB, OB, TB, RB, K, CQB, UB, XB, LB) {
    var EB = disclosureEquityBits(SB, PB, CB, FB);
    var NTB = SB + PB;

    signal input positionCommitment;
    signal input priceCommitment;
    signal input riskParamsHash;
    signal input challenge;
    signal input expiresAt;
    signal input claimMask;
    signal input minMarginBps;
    signal input maxLeverageBps;
    signal input liqPriceBound;
    signal input notionalMin;
    signal input notionalMax;

    signal input marketId;
    signal input side;
    signal input size;
    signal input entryPrice;
    signal input collateral;
    signal input entryFunding;
    signal input owner;
    signal input nonce;
    signal input salt;
    signal input markPrice;
    signal input fundingIndex;
    signal input timestamp;
    // The market's risk parameters (hashed into riskParamsHash) and the tier hint of claim bit 2.
    signal input unit;
    signal input penaltyBps;
    signal input lotSize;
    signal input tierRows[K];
    signal input tier;

    // The committed position and the attested price, for the same market (range-checked inside).
    component position = PositionCommitment(MB, SB, PB, CB, FB, NB, OB);
    position.marketId <== marketId;
    position.side <== side;
    position.size <== size;
    position.entryPrice <== entryPrice;
    position.collateral <== collateral;
    position.entryFunding <== entryFunding;
    position.owner <== owner;
    position.nonce <== nonce;
    position.salt <== salt;
    signal positionHash <== position.commitment;
    positionHash === positionCommitment;
    component price = PriceCommitment(MB, PB, FB, TB);
    price.marketId <== marketId;
    price.markPrice <== markPrice;
    price.fundingIndex <== fundingIndex;
    price.timestamp <== timestamp;
    signal priceHash <== price.commitment;
    priceHash === priceCommitment;
    component riskParams = RiskParams(K, MB);
    riskParams.marketId <== marketId;
    riskParams.unit <== unit;
    riskParams.penaltyBps <== penaltyBps;
    riskParams.lotSize <== lotSize;
    riskParams.rows <== tierRows;
    signal paramsHash <== riskParams.hash;
    paramsHash === riskParamsHash;

    // Binding and ranges of the remaining public inputs. signalRange[k] range-checks one public
    // input; the order is the one the keys were generated with (see the note above).
    signal challengeSquared <== challenge * challenge;
    component pickedClaims = Num2Bits(4);
    pickedClaims.in <== claimMask;
    signal enabled[4] <== pickedClaims.out;
    component signalRange[6];
    signalRange[0] = UintRange(NTB);
    signalRange[0].in <== notionalMax;
    signalRange[1] = UintRange(TB);
    signalRange[1].in <== expiresAt;
    signalRange[2] = UintRange(XB);
    signalRange[2].in <== minMarginBps;
    signalRange[3] = UintRange(LB);
    signalRange[3].in <== maxLeverageBps;
    signalRange[4] = UintRange(PB);
    signalRange[4].in <== liqPriceBound;
    signalRange[5] = UintRange(NTB);
    signalRange[5].in <== notionalMin;
    minMarginBps * (1 - enabled[0]) === 0;
    maxLeverageBps * (1 - enabled[1]) === 0;
    liqPriceBound * (1 - enabled[2]) === 0;
    notionalMin * (1 - enabled[3]) === 0;
    notionalMax * (1 - enabled[3]) === 0;

    // Claims that need no maintenance rate: on the equity split at the mark price.
    component valuation = DisclosureEquity(SB, PB, CB, FB);
    valuation.side <== side;
    valuation.size <== size;
    valuation.entryPrice <== entryPrice;
    valuation.collateral <== collateral;
    valuation.entryFunding <== entryFunding;
    valuation.markPrice <== markPrice;
    valuation.fundingIndex <== fundingIndex;
    component marginRatio = DisclosureMarginRatio(EB, NTB, XB);
    marginRatio.enabled <== enabled[0];
    marginRatio.pos <== valuation.pos;
    marginRatio.neg <== valuation.neg;
    marginRatio.notional <== valuation.notional;
    marginRatio.minMarginBps <== minMarginBps;
    component leverage = DisclosureLeverage(EB, NTB, LB);
    leverage.enabled <== enabled[1];
    leverage.pos <== valuation.pos;
    leverage.neg <== valuation.neg;
    leverage.notional <== valuation.notional;
    leverage.maxLeverageBps <== maxLeverageBps;
    component notionalRange = DisclosureNotionalRange(NTB);
    notionalRange.enabled <== enabled[3];
    notionalRange.notional <== valuation.notional;
    notionalRange.notionalMin <== notionalMin;
    notionalRange.notionalMax <== notionalMax;

    // The one maintenance-dependent claim: not liquidatable at liqPriceBound, in its notional's own tier.
    component liquidationBound = DisclosureLiquidationBound(SB, PB, CB, FB, RB, K, CQB, UB);
    liquidationBound.enabled <== enabled[2];
    liquidationBound.side <== side;
    liquidationBound.size <== size;
    liquidationBound.entryPrice <== entryPrice;
    liquidationBound.collateral <== collateral;
    liquidationBound.entryFunding <== entryFunding;
    liquidationBound.bound <== liqPriceBound;
    liquidationBound.fundingIndex <== fundingIndex;
    liquidationBound.unit <== unit;
    liquidationBound.tierRows <== tierRows;
    liquidationBound.tier <== tier;
}
