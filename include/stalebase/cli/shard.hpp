#pragma once

// `--shard I/N`: one of N parts of the files found, so that N CI jobs (or cron
// jobs) share a large tree and their JSON outputs merge (docs/integrations.md).

#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace stalebase::cli {

struct Shard {
  std::size_t index = 1; // 1-based
  std::size_t count = 1;
};

// Parses "I/N" with 1 <= I <= N (decimal, no signs or blanks). Fails with a
// message naming the value and what was expected.
Expected<Shard, std::string> parse_shard(std::string_view text);

// Whether the file at `position` (0-based) of the files found, in the order
// they were found, belongs to `shard`: files are dealt round-robin, so shards
// differ in size by at most one file and every file is in exactly one.
bool in_shard(const Shard &shard, std::size_t position);

} // namespace stalebase::cli
