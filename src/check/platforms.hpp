#pragma once

// Which platforms matter for a reference, and comparing index children
// platform by platform (docs/manual.md, `check`: a digest of another
// platform's image is `wrong-platform-pin`).

#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/manifest.hpp"

#include <string>
#include <vector>

namespace stalebase::check {

// `platforms` as "linux/amd64,linux/arm64" (os.version left out).
std::string platforms_text(const std::vector<reference::Platform> &platforms);

// The Windows build of an os.version: its first three numbers ("10.0.17763"
// for "10.0.17763.5329"); the whole text when it has fewer.
std::string os_build(const std::string &os_version);

// True when `a` and `b` are one platform for comparing an image over time:
// os, architecture and variant as platform_matches has them, and the same
// os.version build (the revision is the monthly update and may differ).
bool same_platform(const reference::Platform &a, const reference::Platform &b);

// The image children (no attestations) of `index` that match `wanted`.
std::vector<const registry::ManifestChild *>
matching_children(const registry::Manifest &index,
                  const reference::Platform &wanted);

// The distinct platforms of `index`'s image children, in index order.
std::vector<reference::Platform>
index_platforms(const registry::Manifest &index);

// Which of `wanted` to compare in `index`: those it has a child for, else
// (when it has none of them) every platform it has; `fallback` is set in the
// second case.
std::vector<reference::Platform>
platforms_to_compare(const registry::Manifest &index,
                     const std::vector<reference::Platform> &wanted,
                     bool &fallback);

// A platform as people read it: "linux/amd64", "windows/amd64 10.0.17763".
std::string platform_label(const reference::Platform &platform);

} // namespace stalebase::check
