#pragma once

// Rendering `stalebase tags REF`'s track view (check::TrackView).

#include "stalebase/check/track_view.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace stalebase::report {

// Text for people: a "track" section with one aligned line per tag (newest
// first: tag, then its level and how it stands to REF), a "floating"
// section with what each floating tag equals now, and, when REF's suffix names
// an OS release, the OS variants of its line with their last builds and which
// ended.
std::string render_track_view_text(const check::TrackView &view);

// {"reference", "repository", "tag", "track", "tags": [{"tag", "relation",
// "level", "prerelease"}], "floating": [{"tag", "digest", "equals"}],
// "variants": [{"suffix", "last", "current", "ended"}]};
// `track` is null when REF's tag has none, `digest` null when unknown.
nlohmann::ordered_json track_view_to_json(const check::TrackView &view,
                                          const std::string &reference,
                                          const std::string &repository);

} // namespace stalebase::report
