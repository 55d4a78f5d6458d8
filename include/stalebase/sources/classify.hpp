#pragma once

#include "stalebase/sources/source_reference.hpp"
#include "stalebase/sources/yaml_document.hpp"
#include "stalebase/util/expected.hpp"

#include <optional>
#include <string>
#include <string_view>

// Which source a file is, following issue 16's "found by" column.

namespace stalebase::sources {

// The source `path` ('/'-separated, relative to the scanned folder or
// absolute) is by its name alone: Compose (`compose.yaml`,
// `docker-compose.yml`, `compose.*.y*ml` overrides…), GitHub Actions
// (`.github/workflows/*.y*ml`), GitLab CI (`.gitlab-ci.yml`), dev containers
// (`.devcontainer/devcontainer.json`, `.devcontainer.json`,
// `.devcontainer/*/devcontainer.json`), Helm values (`values*.yaml` when
// `chart_yaml_beside`: a `Chart.yaml` is in the same folder). nullopt for any
// other file, which may still be Kubernetes if it is YAML.
std::optional<SourceKind> source_kind_by_path(std::string_view path,
                                              bool chart_yaml_beside);

// Whether the file's name ends in `.yaml` or `.yml`.
bool is_yaml_path(std::string_view path);

// For a YAML file no name claims: Kubernetes when one of its documents has
// `apiVersion` and `kind`, else why the file is skipped.
Expected<SourceKind, std::string>
classify_yaml_documents(const YamlStream &stream);

} // namespace stalebase::sources
