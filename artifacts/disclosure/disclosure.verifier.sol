// GENERATED, DO NOT EDIT. Groth16 verifier of the "disclosure" circuit, exported by
// scripts/setup.ts (npm run setup) from artifacts/disclosure/disclosure.zkey with snarkjs's
// templates/verifier_groth16.sol.ejs (contract renamed to DisclosureVerifier).
// npm run artifacts:check fails if its constants differ from disclosure.vkey.json.
// DEVELOPMENT KEYS: see README "Security".
// SPDX-License-Identifier: GPL-3.0
/*
    Copyright 2021 0KIMS association.

    This file is generated with [snarkJS](https://github.com/iden3/snarkjs).

    snarkJS is a free software: you can redistribute it and/or modify it
    under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    snarkJS is distributed in the hope that it will be useful, but WITHOUT
    ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
    or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public
    License for more details.

    You should have received a copy of the GNU General Public License
    along with snarkJS. If not, see <https://www.gnu.org/licenses/>.
*/

pragma solidity >=0.7.0 <0.9.0;

contract DisclosureVerifier {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 5557017653000093616140259595507488162419858149929692495547978590792533998956;
    uint256 constant alphay  = 4013902862762564760218212918329162752687833120006088369261641138697911768397;
    uint256 constant betax1  = 9254248581824464999607007315320245701998211370965009238419133847826412333408;
    uint256 constant betax2  = 6417873736875841085012185861380590087853022065083807613740262035935291210011;
    uint256 constant betay1  = 13799724088171554422372244366526992046174423853471530414208896865750616183824;
    uint256 constant betay2  = 20536257688773508673393160654583880328701680971836915121253462255242600585359;
    uint256 constant gammax1 = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 constant gammax2 = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 constant gammay1 = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 constant gammay2 = 8495653923123431417604973247489272438418190587263600148770280649306958101930;
    uint256 constant deltax1 = 15855872116700432097131222885209012275366746045038849332178225998671863269362;
    uint256 constant deltax2 = 2706045494519793772633435999612653802313571802294594025857291036622817216685;
    uint256 constant deltay1 = 21053017018897316079200629466789725400719581174614092580587013546809170505600;
    uint256 constant deltay2 = 4908888998067616102085229962364693263026022608514565186242334352849877087581;

    
    uint256 constant IC0x = 12464144115643047395846088695432689143799808792174567493354586004345065161848;
    uint256 constant IC0y = 8979496318873767493054727965868486206832250246680017632595043532563000028726;
    
    uint256 constant IC1x = 9365675520435221814415080729097666288106033347077045075632469929264541750812;
    uint256 constant IC1y = 11188391096406455497292830747427247657788747618084687762245529408954542109663;
    
    uint256 constant IC2x = 15877414401476024332202024174168983195141555204171109954356551775229778768858;
    uint256 constant IC2y = 20664303543138753363459524159218636572135153965696106030141465175509501319038;
    
    uint256 constant IC3x = 15751059134765571242840546520186480804196332119611005349788108433335620556988;
    uint256 constant IC3y = 787099838745063520527543832804990258473555298821465542913259797794316829323;
    
    uint256 constant IC4x = 13801917750423164915464420826380531430781554288589217286812279164873758513366;
    uint256 constant IC4y = 16829343098532370462479902424939144656933834873815059105747281398460824544843;
    
    uint256 constant IC5x = 19770616838976771769068602382464875750917298104078418982802029018667395933165;
    uint256 constant IC5y = 16782894144824098291014925208863156843536357666621919307827368224555714763236;
    
    uint256 constant IC6x = 7777769501944919189439827850439377382501379439443929354693585126456861233740;
    uint256 constant IC6y = 19861682402083409097397695038512365823057480775791051817994047730097645278111;
    
    uint256 constant IC7x = 12891551249594866642370903627024098485156057956858284186858579029531983957657;
    uint256 constant IC7y = 15267336686042334976410937348738401984493299959434308550338958549959702088587;
    
    uint256 constant IC8x = 509855964938729804627352811532707286025230386696895485590521817960373984762;
    uint256 constant IC8y = 11811876583465143165052843029864582411852350695534101182020276118927648882730;
    
    uint256 constant IC9x = 12083606260771889150740664114600774323246675114794660209021288450625118132386;
    uint256 constant IC9y = 20680687151458567567164435793417166407969108165694990916119620924667020669477;
    
    uint256 constant IC10x = 553286292016065073005605603622244484869100464556206022761901401794213691920;
    uint256 constant IC10y = 11722281303834430458107175559728404225129149497892719938202801733358784275845;
    
    uint256 constant IC11x = 9857366120293449228479258837371781293224952401410631959213046198377241976307;
    uint256 constant IC11y = 11813906183607762969930164638180677201564101731580612141592799838965749897377;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[11] calldata _pubSignals) public view returns (bool) {
        assembly {
            function checkField(v) {
                if iszero(lt(v, r)) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }
            
            // G1 function to multiply a G1 value(x,y) to value in an address
            function g1_mulAccC(pR, x, y, s) {
                let success
                let mIn := mload(0x40)
                mstore(mIn, x)
                mstore(add(mIn, 32), y)
                mstore(add(mIn, 64), s)

                success := staticcall(sub(gas(), 2000), 7, mIn, 96, mIn, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }

                mstore(add(mIn, 64), mload(pR))
                mstore(add(mIn, 96), mload(add(pR, 32)))

                success := staticcall(sub(gas(), 2000), 6, mIn, 128, pR, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }

            function checkPairing(pA, pB, pC, pubSignals, pMem) -> isOk {
                let _pPairing := add(pMem, pPairing)
                let _pVk := add(pMem, pVk)

                mstore(_pVk, IC0x)
                mstore(add(_pVk, 32), IC0y)

                // Compute the linear combination vk_x
                
                g1_mulAccC(_pVk, IC1x, IC1y, calldataload(add(pubSignals, 0)))
                
                g1_mulAccC(_pVk, IC2x, IC2y, calldataload(add(pubSignals, 32)))
                
                g1_mulAccC(_pVk, IC3x, IC3y, calldataload(add(pubSignals, 64)))
                
                g1_mulAccC(_pVk, IC4x, IC4y, calldataload(add(pubSignals, 96)))
                
                g1_mulAccC(_pVk, IC5x, IC5y, calldataload(add(pubSignals, 128)))
                
                g1_mulAccC(_pVk, IC6x, IC6y, calldataload(add(pubSignals, 160)))
                
                g1_mulAccC(_pVk, IC7x, IC7y, calldataload(add(pubSignals, 192)))
                
                g1_mulAccC(_pVk, IC8x, IC8y, calldataload(add(pubSignals, 224)))
                
                g1_mulAccC(_pVk, IC9x, IC9y, calldataload(add(pubSignals, 256)))
                
                g1_mulAccC(_pVk, IC10x, IC10y, calldataload(add(pubSignals, 288)))
                
                g1_mulAccC(_pVk, IC11x, IC11y, calldataload(add(pubSignals, 320)))
                

                // -A
                mstore(_pPairing, calldataload(pA))
                mstore(add(_pPairing, 32), mod(sub(q, calldataload(add(pA, 32))), q))

                // B
                mstore(add(_pPairing, 64), calldataload(pB))
                mstore(add(_pPairing, 96), calldataload(add(pB, 32)))
                mstore(add(_pPairing, 128), calldataload(add(pB, 64)))
                mstore(add(_pPairing, 160), calldataload(add(pB, 96)))

                // alpha1
                mstore(add(_pPairing, 192), alphax)
                mstore(add(_pPairing, 224), alphay)

                // beta2
                mstore(add(_pPairing, 256), betax1)
                mstore(add(_pPairing, 288), betax2)
                mstore(add(_pPairing, 320), betay1)
                mstore(add(_pPairing, 352), betay2)

                // vk_x
                mstore(add(_pPairing, 384), mload(add(pMem, pVk)))
                mstore(add(_pPairing, 416), mload(add(pMem, add(pVk, 32))))


                // gamma2
                mstore(add(_pPairing, 448), gammax1)
                mstore(add(_pPairing, 480), gammax2)
                mstore(add(_pPairing, 512), gammay1)
                mstore(add(_pPairing, 544), gammay2)

                // C
                mstore(add(_pPairing, 576), calldataload(pC))
                mstore(add(_pPairing, 608), calldataload(add(pC, 32)))

                // delta2
                mstore(add(_pPairing, 640), deltax1)
                mstore(add(_pPairing, 672), deltax2)
                mstore(add(_pPairing, 704), deltay1)
                mstore(add(_pPairing, 736), deltay2)


                let success := staticcall(sub(gas(), 2000), 8, _pPairing, 768, _pPairing, 0x20)

                isOk := and(success, mload(_pPairing))
            }

            let pMem := mload(0x40)
            mstore(0x40, add(pMem, pLastMem))

            // Validate that all evaluations ∈ F
            
            checkField(calldataload(add(_pubSignals, 0)))
            
            checkField(calldataload(add(_pubSignals, 32)))
            
            checkField(calldataload(add(_pubSignals, 64)))
            
            checkField(calldataload(add(_pubSignals, 96)))
            
            checkField(calldataload(add(_pubSignals, 128)))
            
            checkField(calldataload(add(_pubSignals, 160)))
            
            checkField(calldataload(add(_pubSignals, 192)))
            
            checkField(calldataload(add(_pubSignals, 224)))
            
            checkField(calldataload(add(_pubSignals, 256)))
            
            checkField(calldataload(add(_pubSignals, 288)))
            
            checkField(calldataload(add(_pubSignals, 320)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
