#if canImport(Glibc)
    import Glibc

    /// Transparent huge pages for malloc, asked for by restarting the process once.
    ///
    /// A description spread over many files touches its heap in many small pieces: on
    /// DigitalOcean's 1,000 files ~2,900 page faults, 12% of the lint's CPU time in the kernel
    /// (perf). glibc can ask for 2 MB pages for its heaps (`glibc.malloc.hugetlb=1`), but only as
    /// a tunable, which it reads from the environment before `main`, and kernels in the common
    /// `madvise` THP mode give them only on request. So a lint whose root names many other files
    /// sets the tunable and replaces itself with a fresh copy of the binary (~1 ms with the root
    /// read again). Measured (interleaved, 25 runs): DigitalOcean 54.1 → 47.7 ms median, page
    /// faults 2,850 → 800, peak RSS 16 → 21 MB. Single-file descriptions gain nothing measurable
    /// and keep their RSS (discord's went from 10 to 17 MB with huge pages): they are not restarted.
    enum HugePages {
        static let tunable = "glibc.malloc.hugetlb"

        /// Whether `restart` would restart: the user did not set the tunable (which also ends
        /// the restart after one round), and the kernel gives huge pages only on request (in
        /// `always` mode the heap gets them anyway, in `never` mode not at all).
        static var restartWouldHelp: Bool {
            let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) } ?? ""
            return !current.contains(tunable) && kernelGivesHugePagesOnRequestOnly()
        }

        /// Replaces the process with a fresh copy started with the tunable set; returns only if
        /// that failed (the caller goes on without huge pages). Call it before anything is
        /// written or read from standard input.
        static func restart(_ arguments: [String]) {
            let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) } ?? ""
            let value = current.isEmpty ? tunable + "=1" : current + ":" + tunable + "=1"
            guard setenv("GLIBC_TUNABLES", value, 1) == 0 else { return }
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
            argv.append(nil)
            execv("/proc/self/exe", &argv)
            for pointer in argv { free(pointer) }
            if current.isEmpty { unsetenv("GLIBC_TUNABLES") } else { setenv("GLIBC_TUNABLES", current, 1) }
        }

        /// The THP mode is `[madvise]` (the brackets mark the active one of "always madvise never").
        private static func kernelGivesHugePagesOnRequestOnly() -> Bool {
            let fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return false }
            return String(decoding: buffer[..<n], as: UTF8.self).contains("[madvise]")
        }
    }
#endif
