#include "CByteScan.h"

static inline int is_printable_or_lf(uint8_t b) { return (b >= 0x20 && b < 0x7F) || b == 0x0A; }

size_t oav_printable_ascii_prefix(const uint8_t *bytes, size_t count) {
    size_t i = 0;
#if defined(__SSE2__)
    // Signed compares: bytes at or above 0x80 are negative, so `> 0x1F` rules them out too.
    const __m128i below = _mm_set1_epi8(0x1F);
    const __m128i above = _mm_set1_epi8(0x7F);
    const __m128i newline = _mm_set1_epi8(0x0A);
    for (; i + 16 <= count; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        __m128i ok = _mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmplt_epi8(v, above));
        ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, newline));
        unsigned mask = (unsigned)_mm_movemask_epi8(ok);
        if (mask != 0xFFFF) return i + (size_t)__builtin_ctz(~mask);
    }
#endif
    for (; i < count; i++) {
        if (!is_printable_or_lf(bytes[i])) return i;
    }
    return count;
}
