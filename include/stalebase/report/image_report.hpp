#pragma once

// The input of every `stalebase image` renderer (table, json, markdown,
// github): the check-shaped report of its findings (levels, failing, counts,
// exit code; `summary.files` holds the images given, `summary.references`
// the platform images looked at) and, aligned with its findings, what each
// says about the image and its base.

#include "stalebase/image/base_check.hpp"
#include "stalebase/report/check_report.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace stalebase::report {

struct ImageReport {
  CheckReport check;                        // findings in output order
  std::vector<image::ImageFinding> details; // aligned with check.findings
};

// The JSON schema version image_to_json() writes (docs/json-image.md).
inline constexpr int k_image_json_schema_version = 1;

// table, json, markdown, github.
const std::vector<std::string> &image_formats();

// The document of docs/json-image.md: {"schema_version", "summary",
// "findings", "images", "errors"}.
nlohmann::json image_to_json(const ImageReport &report);

// `report` rendered as `format` (one of image_formats(); anything else is the
// table).
std::string render_image_report(const ImageReport &report,
                                const std::string &format);

// `2 images, 3 platforms: 1 fail (1 base-drift), 1 warn; 1 not checked`.
std::string image_summary_line(const ImageReport &report);

} // namespace stalebase::report
