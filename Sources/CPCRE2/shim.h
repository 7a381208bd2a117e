#ifndef CPCRE2_SHIM_H
#define CPCRE2_SHIM_H
/* pcre2.h needs a code unit width; oavalidate uses the 8-bit (UTF-8) library. */
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#endif
