#include "stalebase/sources/extract.hpp"
#include "stalebase/sources/jsonc.hpp"

namespace stalebase::sources {

Expected<SourceExtraction, SourceError> extract_source(
    SourceKind kind, std::string_view text, const ExtractOptions &options) {
  auto stream =
      kind == SourceKind::devcontainer ? parse_jsonc(text) : parse_yaml(text);
  if (!stream) {
    return Unexpected(std::move(stream).error());
  }
  return extract_stream(kind, *stream, options);
}

SourceExtraction extract_stream(SourceKind kind,
                                const YamlStream &stream,
                                const ExtractOptions &options) {
  switch (kind) {
  case SourceKind::compose:
    return extract_compose(stream, options.compose_env);
  case SourceKind::kubernetes:
    return extract_kubernetes(stream);
  case SourceKind::github_actions:
    return extract_github_actions(stream);
  case SourceKind::gitlab_ci:
    return extract_gitlab_ci(stream);
  case SourceKind::devcontainer:
    return extract_devcontainer(stream);
  case SourceKind::helm_values:
    return extract_helm_values(stream);
  }
  return SourceExtraction{};
}

} // namespace stalebase::sources
