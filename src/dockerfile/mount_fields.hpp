#pragma once

// The `--mount=` value of RUN: one CSV record (go-csvvalue rules), whose fields
// are `key=value` pairs with case-insensitive keys. The extractor needs only
// two of them, so they are read in one pass that copies nothing else: most
// mounts (`type=cache,target=/root/.cache`) then cost no allocation at all.

#include "stalebase/dockerfile/source_span.hpp"
#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace stalebase::dockerfile::detail {

struct MountSource {
  std::string type = "bind"; // lower-case; the last `type=` wins
  // The last `from=` value, quotes removed, origins kept.
  std::optional<TrackedString> from;
};

// Reads the record `word.text[begin, end)`. Fails on a bare quote inside an
// unquoted field or an unterminated quoted field, as go-csvvalue does, quoting
// the record.
Expected<MountSource, std::string> read_mount_source(const TrackedString &word,
                                                     std::size_t begin);

} // namespace stalebase::dockerfile::detail
