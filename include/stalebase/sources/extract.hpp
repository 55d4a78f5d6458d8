#pragma once

#include "stalebase/sources/compose_interpolation.hpp"
#include "stalebase/sources/source_reference.hpp"
#include "stalebase/sources/yaml_document.hpp"

#include <string_view>

// The images each kind of source names (issue 16's table). Each extractor is
// a pure function of the parsed file; what the file cannot tell (a variable
// with no value, a template expression) is an `unresolvable` reference with
// its reason, never a guess. Every resolvable reference is checked with the
// reference grammar (`image` or `invalid`).

namespace stalebase::sources {

struct ExtractOptions {
  // Compose: the `.env` file beside the Compose file (and what the caller
  // adds).
  ComposeEnvironment compose_env;
};

// `services.*.image`, and `services.*.build` as ComposeBuild entries.
SourceExtraction extract_compose(const YamlStream &stream,
                                 const ComposeEnvironment &env);
// Containers, init containers and ephemeral containers of Pods, of any kind
// with a pod template (`spec.template.spec`), of CronJobs
// (`spec.jobTemplate.spec.template.spec`), of PodTemplates, and of the items
// of Lists, in every document that has `apiVersion` and `kind`.
SourceExtraction extract_kubernetes(const YamlStream &stream);
// `jobs.<id>.container` (a string or `.image`), `jobs.<id>.services.<id>.image`
// and `jobs.<id>.steps[*].uses: docker://…`.
SourceExtraction extract_github_actions(const YamlStream &stream);
// `image` and `services` (a string or `.name`) at the top, under `default:`
// and in every job, hidden ones included, following `!reference [job, key…]`
// within the file.
SourceExtraction extract_gitlab_ci(const YamlStream &stream);
// The top-level `image`.
SourceExtraction extract_devcontainer(const YamlStream &stream);
// Every `image:` mapping with a `repository`: `[registry/]repository:tag`
// with `@digest` (`digest:` or `sha:`).
SourceExtraction extract_helm_values(const YamlStream &stream);

// The references of `kind` in the parsed `stream`.
SourceExtraction extract_stream(SourceKind kind,
                                const YamlStream &stream,
                                const ExtractOptions &options = {});

// Reads `text` (JSON with comments for dev containers, YAML for the others)
// and extracts the references of `kind`; fails when the file cannot be read.
Expected<SourceExtraction, SourceError> extract_source(
    SourceKind kind, std::string_view text, const ExtractOptions &options = {});

} // namespace stalebase::sources
