#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fetches http(s) documents for `--allow-remote-refs` by running `curl`, which every CI image
/// has, rather than linking a networking stack into the tool for a rarely used option.
enum RemoteFetch {
    struct Failure: Error { var message: String }

    /// Largest remote document accepted.
    static let maxBytes = 64 << 20

    static func get(_ url: String) -> Result<[UInt8], Failure> {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return .failure(Failure(message: "cannot create a pipe")) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        let arguments = ["curl", "--silent", "--show-error", "--fail", "--location", "--max-time", "60",
                         "--max-filesize", String(maxBytes), "--proto", "=http,https", "--", url]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let status = posix_spawnp(&pid, "curl", &actions, nil, &argv, environ)
        close(pipeEnds[1])
        guard status == 0 else {
            close(pipeEnds[0])
            return .failure(Failure(message: "fetching remote references needs curl on the PATH"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= maxBytes {
            let n = chunk.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        close(pipeEnds[0])
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR {}
        guard exitStatus == 0 else { return .failure(Failure(message: "curl failed (status \(exitStatus >> 8))")) }
        return .success(bytes)
    }
}
