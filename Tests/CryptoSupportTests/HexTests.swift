import Testing

@testable import CryptoSupport

struct HexTests {
    @Test func roundTrip() {
        let bytes: [UInt8] = [0x00, 0x0f, 0xa5, 0xff]
        #expect(Hex.encode(bytes) == "000fa5ff")
        #expect(Hex.decode("000FA5ff") == bytes)
    }

    @Test(arguments: ["abc", "zz", "0g"])
    func invalidTextIsRejected(_ text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
