#pragma once

// Looking up the per-image and per-registry settings of a Config.

#include "stalebase/config/config.hpp"
#include "stalebase/reference/image_reference.hpp"

#include <string_view>

namespace stalebase::config {

// The first `rules` entry whose image pattern matches `ref` (image_matches),
// or, when none does, the default rule: every level up to major is proposed
// (and reported), prereleases only as version::propose allows by itself. The
// engine still finds every newer tag; `max_level` limits which proposals are
// made (patch: only patch-available; minor: patch and minor).
ImageRule rule_for(const Config &config, const reference::ImageReference &ref);

// The `registries` entry for `registry` (a host as ImageReference::registry
// gives it; compared in lower case, Docker Hub under any of its names), or
// null when there is none. The pointer is into `config`.
const RegistryConfig *registry_for(const Config &config,
                                   std::string_view registry);

} // namespace stalebase::config
