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
    uint256 constant deltax1 = 6537082777169639159233054377725940325731893268462438353794936502769747013363;
    uint256 constant deltax2 = 13283395572947656702190591211792366635568629473383749569993146566285567592970;
    uint256 constant deltay1 = 16426207064629057823011074398677912687635697842392083724763384058240614447652;
    uint256 constant deltay2 = 17134920043718725145075805597706025225077235666311041770292774538628639217001;

    
    uint256 constant IC0x = 1683009652525186271683000205696342928263426932539561224069121573277235696509;
    uint256 constant IC0y = 10325235968009835284734131081129492814544354225780301431261705690002555373308;
    
    uint256 constant IC1x = 649826078602473687144720934515703106317812462199965989111448488145753323665;
    uint256 constant IC1y = 5011253466592106750098570032941101286360098667966138983783914933820954459902;
    
    uint256 constant IC2x = 20927031008051972902772399686422975336971799384750868516825401345596453991696;
    uint256 constant IC2y = 21718498262953942110026309196286800103831120065069891427003549933135584997386;
    
    uint256 constant IC3x = 17706565909155760741563511590706669591818280734972240151781548074989060366124;
    uint256 constant IC3y = 21864760213274324042372268839400032379842239089365605912474120909935849102143;
    
    uint256 constant IC4x = 20613110357810936159873125420249239624847236820683831116473345594102348636022;
    uint256 constant IC4y = 6631593708833076362405458097265427495370297346773077476741940988522575700966;
    
    uint256 constant IC5x = 3402818517302054870236859115258463281516659876221294961165802501360975057543;
    uint256 constant IC5y = 12729263830900893514856388562062223771577468247063783775238398022055889891361;
    
    uint256 constant IC6x = 2525657180914177700391919440456054939904683669670779438729217044691879571468;
    uint256 constant IC6y = 9828778426852063176172072047492992104607635450201929272561544217165747614746;
    
    uint256 constant IC7x = 15652252339925854916935980588126280131840137242483840338923070302394765604619;
    uint256 constant IC7y = 17404122777585281694827282588271940730187385756553348496967192275734084792911;
    
    uint256 constant IC8x = 12253787783135016082060806702766186551084308540420999054767155572413442469670;
    uint256 constant IC8y = 15762186640586320215705353172689424207904240908277425065170627634946245826694;
    
    uint256 constant IC9x = 4395751103510640930429748079944231590421718554328261241082835956683418662959;
    uint256 constant IC9y = 20744340862166864440061381899577695231279129392387730056152017305020518569356;
    
    uint256 constant IC10x = 740505897496492167078192525351723320557725213277818813821990544926461456503;
    uint256 constant IC10y = 2742593950058206825846575543494591083372160927738071008133166249290863049294;
    
    uint256 constant IC11x = 636489433757860729324430361366802761709269279125326050308883931193686098492;
    uint256 constant IC11y = 21423778136571815170366813616556803350996457621758778506282312096854848410182;
    
 
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
