#pragma once

// The work of `stalebase image` once the flags are parsed: check the images,
// take out what the configuration ignores, apply the --fail-on policy, and
// assemble the report every renderer takes.

#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/policy.hpp"
#include "stalebase/image/base_check.hpp"
#include "stalebase/report/image_report.hpp"
#include "stalebase/workflow/inputs.hpp"
#include "stalebase/workflow/open_registry.hpp"

#include <string>
#include <vector>

namespace stalebase::workflow {

struct ImageSettings {
  config::Config configuration; // ignores
  config::FailPolicy policy;    // --fail-on, else the configuration's
  config::Date today;           // when ignore entries lapse
  image::ImageOptions options;
};

// Checks `images` (as given). A configuration `ignore` entry covers a finding
// when it covers the image (its pattern and tag glob against the image) or
// its base (against the base's reference). Never throws for registry answers.
report::ImageReport check_images(const std::vector<std::string> &images,
                                 const ImageSettings &settings,
                                 const OpenRegistry &open_registry);

// `--dockerfile`: the image the last stage of `file` builds from (through
// stages named in FROM), with ARGs and build args applied as `refs` does.
// Fails with why there is none: the file's error, "the last stage builds from
// scratch", "the last stage's FROM \"${BASE}\" is unresolved: …".
Expected<reference::ImageReference, std::string>
dockerfile_base(const LoadedFile &file);

// The images a `--images` list names: one per line, `#` starts a comment,
// blank lines skipped, spaces around trimmed.
std::vector<std::string> parse_image_list(std::string_view text);

} // namespace stalebase::workflow
