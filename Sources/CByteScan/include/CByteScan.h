// Byte scans over whole buffers with vector instructions (SSE2 on x86-64), which Swift's SIMD
// types do not reliably compile to. Each has a plain loop for other processors.
#ifndef CBYTESCAN_H
#define CBYTESCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Length of the longest prefix of `bytes[0 ..< count]` whose bytes are printable ASCII
/// (0x20–0x7E) or LF: the bytes a YAML scanner can pass over without looking closer.
size_t oav_printable_ascii_prefix(const uint8_t *bytes, size_t count);

/// Length of the longest prefix of `bytes[0 ..< count]` with no byte a JSON string scanner must
/// look at: `"`, `\`, a control character (below 0x20) or a byte of a multi-byte character
/// (0x80 and above). Inline: JSON keys are short, a call would cost more than the scan.
static inline size_t oav_json_string_run(const uint8_t *bytes, size_t count) {
    size_t i = 0;
#if defined(__SSE2__)
    // Signed compare: bytes at or above 0x80 are negative, so `< 0x20` flags them too.
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i quote = _mm_set1_epi8(0x22);
    const __m128i backslash = _mm_set1_epi8(0x5C);
    for (; i + 16 <= count; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        __m128i hit = _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask != 0) return i + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; i < count; i++) {
        uint8_t b = bytes[i];
        if (b == 0x22 || b == 0x5C || b < 0x20 || b >= 0x80) return i;
    }
    return count;
}

/// Offset of the first byte in `bytes[0 ..< count]` a YAML block plain scalar may stop at:
/// `:`, `#`, a line break or NUL (`count` when there is none). Spaces and tabs are passed over:
/// whether they end the scalar depends on what follows them, which the caller looks at.
static inline size_t oav_yaml_plain_stop(const uint8_t *bytes, size_t count) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i colon = _mm_set1_epi8(':');
    const __m128i hash = _mm_set1_epi8('#');
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= count; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, hash)),
                                   _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, newline), _mm_cmpeq_epi8(v, cr)),
                                                _mm_cmpeq_epi8(v, zero)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask != 0) return i + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; i < count; i++) {
        uint8_t b = bytes[i];
        if (b == ':' || b == '#' || b == '\n' || b == '\r' || b == 0) return i;
    }
    return count;
}

#endif
