#pragma once

// Floating tags: tags the publisher moves (`3.12-slim`, `3-alpine`, `bookworm`,
// `ltsc2022`), and the full-version siblings they may currently equal. Which
// one they do equal is found later by digest; these functions only say which
// tags to ask about, best guesses first.

#include "stalebase/version/tag.hpp"

#include <span>
#include <vector>

namespace stalebase::version {

// True when `tag` floats relative to `tags`: a `name` tag (`latest`,
// `bookworm`, `ltsc2022`), or a version that a tag of its family (same prefix,
// `v` and suffix) names more precisely: a longer core starting with its numbers
// (`3.12-slim` beside `3.12.7-slim`; `3.12-slim` beside only `3.13.1-slim` does
// not float), or a numbered prerelease for an unnumbered one (`24-ea-jdk`
// beside `24-ea-31-jdk`). Dates and hash tags never float.
bool is_floating(const Tag &tag, std::span<const Tag> tags);

// The full-version tags of `tags` that `tag` may currently equal: releases
// first, then versions before dates, each newest first. For a version: the most
// precise tags refining it (`3.12-slim` → `3.12.7-slim`, `3.12.6-slim`, …; `3`
// → `3.20.1`, not `3.20`). For a `name` tag, the first rule that finds any:
// Windows release names (`ltsc2022` → the `10.0.20348.*` builds); tags with
// suffix `-<tag>` (`alpine` → `3.20.1-alpine`); tags with prefix `<tag>-`
// (`bookworm` → `bookworm-20241111`); the first two with the tag's leading
// words dropped (`lts-alpine` → `*-alpine`); else the versions with neither
// prefix nor suffix (`latest` → `3.20.1`, `v3.20.1`). Only full versions (tags
// no other tag refines) are returned for a `name`. Empty for dates, hashes and
// versions that do not float.
std::vector<Tag> floating_candidates(const Tag &tag, std::span<const Tag> tags);

} // namespace stalebase::version
