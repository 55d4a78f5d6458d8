#pragma once

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/registry.hpp"
#include "stalebase/util/exit_code.hpp"

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace stalebase::cli {

// A reference as the user wrote it (kept for all output) and parsed.
struct NamedReference {
  std::string text;
  reference::ImageReference reference;
};

// The `resolve` command once its arguments are parsed: looks every reference up
// on `registry` (at most `threads` at once), writes results to `out` in
// argument order
// ("REF DIGEST" lines, or a JSON array with `format` "json") and one line per
// failure to `err` ("stalebase: error: REF: message"). Returns ok when all
// resolved, else check_error.
util::ExitCode run_resolve(registry::Registry &registry,
                           const std::vector<NamedReference> &references,
                           const std::optional<reference::Platform> &platform,
                           const std::string &format,
                           std::size_t threads,
                           std::ostream &out,
                           std::ostream &err);

// The `tags` command once its argument is parsed: every tag of the repository,
// one per line, or a JSON object {"reference", "repository", "tags"}. Returns
// ok, or check_error after an error line on `err`.
util::ExitCode run_tags(registry::Registry &registry,
                        const NamedReference &reference,
                        const std::string &format,
                        std::ostream &out,
                        std::ostream &err);

// The `tags` command's default view: the tags in the reference's version
// track, newest first, with their level relative to it, and the floating tags
// with the full versions they equal (report::render_track_view_text, or its
// JSON with `format` "json"). Returns ok, or check_error after an error line
// on `err` when the tags cannot be listed.
util::ExitCode run_track_view(registry::Registry &registry,
                              const NamedReference &reference,
                              const std::string &format,
                              std::ostream &out,
                              std::ostream &err);

// Parses the command-line references. Throws stalebase::Error naming the first
// invalid one: `invalid reference "x": repository name must be lowercase`.
std::vector<NamedReference>
parse_references(const std::vector<std::string> &texts);

} // namespace stalebase::cli
