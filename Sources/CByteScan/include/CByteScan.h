// Byte scans over whole buffers with vector instructions (SSE2 on x86-64), which Swift's SIMD
// types do not reliably compile to. Each has a plain loop for other processors.
#ifndef CBYTESCAN_H
#define CBYTESCAN_H

#include <stddef.h>
#include <stdint.h>

/// Length of the longest prefix of `bytes[0 ..< count]` whose bytes are printable ASCII
/// (0x20–0x7E) or LF: the bytes a YAML scanner can pass over without looking closer.
size_t oav_printable_ascii_prefix(const uint8_t *bytes, size_t count);

#endif
