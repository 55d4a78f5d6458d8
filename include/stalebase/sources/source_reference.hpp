#pragma once

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/sources/yaml_document.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// An image named in a file other than a Dockerfile (issue 16's sources), with
// what a report needs (position, path to the value) and what a rewrite needs
// (the scalar's bytes and style, the anchor it is shared through).

namespace stalebase::sources {

enum class SourceKind {
  compose,
  kubernetes,
  github_actions,
  gitlab_ci,
  devcontainer,
  helm_values,
};

// `compose`, `kubernetes`, `github-actions`, `gitlab-ci`, `devcontainer`,
// `helm-values`.
std::string_view to_string(SourceKind kind);
std::optional<SourceKind> parse_source_kind(std::string_view text);
// Every kind's name, in the order of SourceKind.
std::vector<std::string_view> all_source_kind_names();

// One scalar of the file, as a rewrite needs it.
struct ScalarLocation {
  NodeId node = k_no_node; // the scalar (the anchored one, through an alias)
  ScalarStyle style = ScalarStyle::plain;
  SourceSpan scalar_span;  // the token, quotes or block indicator included
  SourcePosition position; // of scalar_span
  // Where the scalar's decoded value is written byte for byte, when it is.
  std::optional<std::size_t> verbatim_offset;
  // When the scalar itself was reached through an alias (`image: *name`), the
  // anchor's name.
  std::string via_anchor;
  // The scalar lies under an anchor that an alias or merge key uses (Node's
  // `shared`): an edit of it changes every use, so a rewrite edits it only
  // when every use gets the same edit. References with the same `node` are
  // the same bytes.
  bool shared = false;
};

struct SourceReference {
  SourceKind kind = SourceKind::compose;
  std::size_t document = 0; // 0-based YAML document of the file
  // The path to the value: `services.db.image`,
  // `spec.template.spec.containers[0].image`, `jobs.test.services.redis.image`.
  std::string yaml_path;
  // The reference as written in the file (`docker://` left out, for Helm the
  // pieces joined), and after the source's substitutions.
  std::string written;
  std::string value;
  // The bytes of `written` in the file when it is one verbatim run of a
  // scalar, else the whole scalar token; line and column are where it begins
  // (1-based, columns in bytes).
  SourceSpan value_span;
  bool value_verbatim = false;
  std::size_t line = 0;
  std::size_t column = 0;
  ScalarLocation scalar;
  // Helm: the scalars the reference is made of, each edited on its own.
  std::optional<ScalarLocation> registry;
  std::optional<ScalarLocation> repository;
  std::optional<ScalarLocation> tag;
  std::optional<ScalarLocation> digest; // `digest:` or `sha:`
  // Why the value cannot be known from the file (a variable with no value,
  // a template expression): the reference is then neither parsed nor checked.
  std::optional<std::string> unresolvable;
  // The parsed reference when resolvable and valid, else why the reference
  // grammar refused `value`.
  std::optional<reference::ImageReference> image;
  std::string invalid;
};

// What a Compose service builds (`services.<name>.build`), for reading its
// Dockerfile later with these arguments.
struct ComposeBuild {
  std::string service;
  std::string yaml_path; // `services.app.build`
  std::size_t line = 0;
  std::size_t column = 0;
  std::string context = "."; // after interpolation
  std::string dockerfile;    // empty: Compose's default `Dockerfile`
  std::map<std::string, std::string, std::less<>> args; // after interpolation
  std::vector<std::string> unset_args; // listed without a value
  std::string target;
  std::optional<std::string> unresolvable;
};

struct SourceExtraction {
  std::vector<SourceReference> references;
  std::vector<ComposeBuild> builds;
  // Mistakes in the file's structure (a `!reference` to a missing job): the
  // rest of the file is still read.
  std::vector<SourceError> errors;
};

} // namespace stalebase::sources
