#pragma once

#include "stalebase/dockerfile/source_span.hpp"

#include "util/utf8.hpp"

#include <cstddef>
#include <cstdint>

// Helpers that build a TrackedString byte by byte while keeping `origins`
// exactly as long as `text`. Sources whose origins are missing count as having
// no origin.

namespace stalebase::dockerfile::tracked {

inline constexpr std::int64_t k_none = TrackedString::k_no_origin;

// The origin of byte `i` of `s`, or k_none when `s` is not tracked.
inline std::int64_t origin_at(const TrackedString &s, std::size_t i) {
  return s.origins.size() == s.text.size() ? s.origins[i] : k_none;
}

inline void push(TrackedString &out, char c, std::int64_t origin) {
  out.text.push_back(c);
  out.origins.push_back(origin);
}

// Appends bytes [begin, end) of `src`.
inline void append_range(TrackedString &out,
                         const TrackedString &src,
                         std::size_t begin,
                         std::size_t end) {
  out.text.append(src.text, begin, end - begin);
  if (src.origins.size() == src.text.size()) {
    out.origins.append(src.origins, begin, end - begin);
  } else {
    out.origins.append_run(k_none, end - begin);
  }
}

inline void append_all(TrackedString &out, const TrackedString &src) {
  append_range(out, src, 0, src.text.size());
}

// Appends the UTF-8 encoding of `r`, every byte with origin `origin`.
inline void append_rune(TrackedString &out, char32_t r, std::int64_t origin) {
  const std::size_t before = out.text.size();
  util::utf8::append(out.text, r);
  for (std::size_t i = before; i < out.text.size(); ++i) {
    out.origins.push_back(origin);
  }
}

// Appends the rune that was decoded from bytes [pos, pos + width) of `src`: the
// bytes themselves, or U+FFFD (each byte with the invalid byte's origin) for an
// invalid byte, as Go does when it re-encodes a decoded rune.
inline void append_decoded(TrackedString &out,
                           const TrackedString &src,
                           std::size_t pos,
                           util::utf8::DecodedRune rune) {
  if (rune.value == util::utf8::k_rune_error && rune.width == 1) {
    append_rune(out, util::utf8::k_rune_error, origin_at(src, pos));
  } else {
    append_range(out, src, pos, pos + rune.width);
  }
}

inline void truncate(TrackedString &out, std::size_t size) {
  out.text.resize(size);
  out.origins.truncate(size);
}

} // namespace stalebase::dockerfile::tracked
