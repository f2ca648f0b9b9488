#pragma once
// UTF-8 validation of text read from files (RFC 3629: no overlongs, no
// surrogates, nothing past U+10FFFF). Header-only: it runs on every string
// value a reader produces, with a sixteen-bytes-at-a-time ASCII fast path.

#include <emmintrin.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace lode::io {

inline bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (end - p >= 16) {
      // Sixteen ASCII bytes at a time: no byte has its high bit set.
      const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      if (_mm_movemask_epi8(chunk) == 0) {
        p += 16;
        continue;
      }
    }
    if (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    const uint8_t lead = *p;
    if (lead < 0x80) {
      ++p;
      continue;
    }
    int length;
    uint32_t code;
    if ((lead & 0xE0) == 0xC0) length = 2, code = lead & 0x1F;
    else if ((lead & 0xF0) == 0xE0) length = 3, code = lead & 0x0F;
    else if ((lead & 0xF8) == 0xF0) length = 4, code = lead & 0x07;
    else return false;
    if (end - p < length) return false;
    for (int i = 1; i < length; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3F);
    }
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    p += length;
  }
  return true;
}

/// Returns `text` with each byte that breaks UTF-8 written as \xNN, so that
/// raw file text can go into an error message.
inline std::string escape_invalid_utf8(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t length = 1;
    const auto lead = static_cast<uint8_t>(text[i]);
    if (lead >= 0x80) length = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
    if (lead < 0x80 || (i + length <= text.size() && length > 1 && is_valid_utf8(text.substr(i, length)))) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    static const char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[lead >> 4];
    out += kHex[lead & 15];
    ++i;
  }
  return out;
}

}  // namespace lode::io
