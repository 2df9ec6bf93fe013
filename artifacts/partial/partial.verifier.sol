// GENERATED, DO NOT EDIT. Groth16 verifier of the "partial" circuit, exported by
// scripts/setup.ts (npm run setup) from artifacts/partial/partial.zkey with snarkjs's
// templates/verifier_groth16.sol.ejs (contract renamed to PartialVerifier).
// npm run artifacts:check fails if its constants differ from partial.vkey.json.
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

contract PartialVerifier {
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
    uint256 constant deltax1 = 3187754797421840245346646577100770216888094245784442703164609014955640617975;
    uint256 constant deltax2 = 9374971542146562526002681970109194181092549669159994367652573004684676133312;
    uint256 constant deltay1 = 2696154568138371035169630392151569811611425063595153103694334775158129148602;
    uint256 constant deltay2 = 16865999030874097377132492661606747399899151972182993441122767375199690803956;

    
    uint256 constant IC0x = 6870196857849453759112359806951168063404445374017644338175225943845309283444;
    uint256 constant IC0y = 5660857880965299853346561308835303164504674042108798297645727009207240546020;
    
    uint256 constant IC1x = 12064367790716290992640180738708997179255249000257713171422805610361302490635;
    uint256 constant IC1y = 8328419016329270594333441713717929102554808429042193175955156317868704066636;
    
    uint256 constant IC2x = 7860821073165297458517641266991300232289790168313838376868783777132393318695;
    uint256 constant IC2y = 10590580106711060976120931309704668372176986835929314978476596514971030491381;
    
    uint256 constant IC3x = 5407972235423899272495961429484495748040915484085750120499554109922985736087;
    uint256 constant IC3y = 704489889602897115985004151160619462367329124140020847179059979093585587963;
    
    uint256 constant IC4x = 8909532290573585356566883405575575799009206660571222579247513368242207722644;
    uint256 constant IC4y = 4094262458502741374952200779992186887228502582945310498918981479686364296314;
    
    uint256 constant IC5x = 7196442548798266681178600829060228589313376144359789706293007896560714357881;
    uint256 constant IC5y = 13767506984850351798774573281209234151530970170472721065799062147431947752043;
    
    uint256 constant IC6x = 57048404257695368747491256077813755651763565994677180313493089673881739713;
    uint256 constant IC6y = 16080880924397221083936754006474417211344308275671368909366600658942686912501;
    
    uint256 constant IC7x = 12905584734867596987411927139372638082093837894267245177349991484458328056437;
    uint256 constant IC7y = 10174156731140657474310235138757388770809558348946353015230341708284300701451;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[7] calldata _pubSignals) public view returns (bool) {
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
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
