#pragma once

// The JSON of `resolve --format json` and `tags --all --format json`
// (docs/manual.md), and of a reference whose look-up failed.

#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/registry.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace stalebase::report {

// {"reference", "error", "error_kind"}: `text` (as the user wrote it) could
// not be looked up.
nlohmann::ordered_json lookup_error_json(const std::string &text,
                                         const registry::RegistryError &error);

// {"reference", "digest", "media_type", ["platform", "index_digest",]
// "platforms"}: what `text` resolved to, with the platform asked for if any,
// and every child of its index.
nlohmann::ordered_json
resolution_json(const std::string &text,
                const registry::Resolution &resolution,
                const std::optional<reference::Platform> &platform);

// {"reference", "repository", "tags"}: every tag of `text`'s repository.
nlohmann::ordered_json tags_json(const std::string &text,
                                 const std::string &repository,
                                 const std::vector<std::string> &tags);

} // namespace stalebase::report
