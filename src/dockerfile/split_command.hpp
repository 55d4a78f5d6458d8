#pragma once

#include "stalebase/dockerfile/source_span.hpp"

#include "dockerfile/logical_line.hpp"
#include "dockerfile/parse_scratch.hpp"

#include <cstddef>
#include <vector>

namespace stalebase::dockerfile::detail {

// An instruction line cut into keyword, flags and the rest, as BuildKit's
// splitCommand and extractBuilderFlags cut it. Positions are in the logical
// line's text.
struct SplitCommand {
  std::size_t keyword_begin = 0;
  std::size_t keyword_end = 0;
  std::vector<TrackedString> flags;
  std::size_t rest_begin = 0; // the arguments, trimmed of Unicode spaces
  std::size_t rest_end = 0;
};

// Splits line.text()[begin, end). The keyword is the first run of bytes up to a
// `[\t\v\f\r ]`; flags are the leading words starting with `--` (up to the
// first other word, or a bare `--` which is dropped), with quotes removed and
// `\` escaping the next byte. BuildKit reads flag words byte by byte and writes
// each byte as a rune, so a non-ASCII byte b becomes the two-byte encoding of
// U+00b (such bytes get no origin); bytes 0x85 and 0xA0 end a flag word like
// spaces do.
SplitCommand split_command(const LogicalLine &line,
                           std::size_t begin,
                           std::size_t end,
                           ParseScratch &scratch);

} // namespace stalebase::dockerfile::detail
