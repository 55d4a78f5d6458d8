#pragma once

// Finding and reading `.stalebase.yaml`.

#include "stalebase/config/config.hpp"
#include "stalebase/util/expected.hpp"

#include <filesystem>
#include <optional>

namespace stalebase::config {

// The configuration file that applies in `start` (a folder): `.stalebase.yaml`,
// else `.stalebase.yml`, in `start`, else in its parent, and so on up to the
// filesystem root. A relative `start` is taken from the current folder.
// Nothing when no folder has one; folders that cannot be read are passed over.
std::optional<std::filesystem::path>
find_config(const std::filesystem::path &start);

// Reads and parses the file at `path` (parse_config, with `path` as the name
// in messages). Relative `ca-file` and `cache.dir` paths are made relative to
// the file's folder, and a leading `~/` in them is the home folder ($HOME).
// Fails with a ConfigError whose `file` is `path`: "cannot read the file: No
// such file or directory" (line 0; to_string() gives `<path>: error: cannot
// read the file: …`), or parse_config's errors.
Expected<Config, ConfigError> load_config(const std::filesystem::path &path);

} // namespace stalebase::config
