#pragma once

// The `--mount=` value of RUN: one CSV record (go-csvvalue rules), whose fields
// are `key=value` pairs with case-insensitive keys.

#include "stalebase/dockerfile/source_span.hpp"
#include "stalebase/util/expected.hpp"

#include <string>
#include <vector>

namespace stalebase::dockerfile::detail {

struct MountField {
  std::string key;     // lower-case
  TrackedString value; // quotes removed, origins kept; empty for a bare key
  bool has_value = false;
};

// Splits `csv` into fields. Fails on a bare quote inside an unquoted field or
// an unterminated quoted field, as go-csvvalue does.
Expected<std::vector<MountField>, std::string>
split_mount_fields(const TrackedString &csv);

} // namespace stalebase::dockerfile::detail
