import JSONDocument
import OpenAPIModel
import Testing

@testable import OpenAPILinter

@Suite("Walk shares")
struct WalkSharesTests {
    /// Threads taking from one pool at once get every position exactly once between them.
    @Test func everyPositionIsTakenOnce() throws {
        let dir = try temporaryDirectory(files: ["openapi.yaml": api("paths: {}\ncomponents: {schemas: {A: {type: object}}}\n")])
        let ws = try Workspace(path: dir + "/openapi.yaml")
        let shares = WalkShares(ws)
        let paths = try #require(ws.root.root["paths"])
        let pool = try #require(shares.pool(of: paths))
        let takers = (0..<4).map { _ in
            BackgroundTask(stackSize: 1 << 20) { () -> [Int] in
                var mine: [Int] = []
                while true {
                    let n = pool.take()
                    if n >= 5000 { return mine }
                    mine.append(n)
                }
            }
        }
        let taken = takers.flatMap { $0.wait() }
        #expect(taken.count == 5000)
        #expect(Set(taken) == Set(0..<5000))
    }

    /// Pools exist for the root's paths and component sections only.
    @Test func poolsAreTheRootsSharedMaps() throws {
        let dir = try temporaryDirectory(files: ["openapi.yaml": api("paths: {}\ncomponents: {schemas: {A: {type: object}}, responses: {}}\n")])
        let ws = try Workspace(path: dir + "/openapi.yaml")
        let shares = WalkShares(ws)
        let root = ws.root.root
        #expect(shares.pool(of: try #require(root["components"]?["schemas"])) != nil)
        #expect(shares.pool(of: try #require(root["components"]?["responses"])) != nil)
        #expect(shares.pool(of: try #require(root["components"])) == nil)
        #expect(shares.pool(of: try #require(root["info"])) == nil)
    }
}
