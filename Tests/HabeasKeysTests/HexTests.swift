import Crypto
import Foundation
import HabeasKeys
import Testing

@Suite struct HexTests {
    @Test func everyByteIsTwoLowercaseDigits() {
        #expect(Hex.lowercase([UInt8]()) == "")
        #expect(Hex.lowercase([0x00, 0x0F, 0x10, 0xAB, 0xFF]) == "000f10abff")
        #expect(Hex.lowercase(Data((0...255).map(UInt8.init))).count == 512)
    }

    /// A digest, a slice of one and an HMAC give the text of their bytes (FIPS 180-2's "abc").
    @Test func digestsReadAsTheirStandardText() {
        let digest = SHA256.hash(data: Data("abc".utf8))
        #expect(Hex.lowercase(digest) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.lowercase(digest.prefix(4)) == "ba7816bf")
        let mac = HMAC<SHA256>.authenticationCode(for: Data("abc".utf8), using: SymmetricKey(data: Data(repeating: 1, count: 32)))
        #expect(Hex.lowercase(mac) == Hex.lowercase(Data(mac)))
    }
}
