#include "stalebase/sources/extract.hpp"

#include "sources/extract_common.hpp"

namespace stalebase::sources {

SourceExtraction extract_devcontainer(const YamlStream &stream) {
  SourceExtraction out;
  if (stream.documents().empty()) {
    return out;
  }
  const NodeId image = stream.find(stream.documents().front(), "image");
  if (image == k_no_node || !stream.resolved(image).is_scalar() ||
      stream.resolved(image).is_null()) {
    return out;
  }
  SourceReference reference = detail::scalar_reference(
      SourceKind::devcontainer, stream, 0, "image", image);
  if (reference.written.find("${") != std::string::npos) {
    reference.unresolvable =
        "a dev container variable (${localEnv:…}, ${templateOption:…}) is "
        "substituted only by the dev container tool";
  }
  detail::check_reference(reference);
  out.references.push_back(std::move(reference));
  return out;
}

} // namespace stalebase::sources
