#include "stalebase/sources/extract.hpp"

#include "sources/extract_common.hpp"

namespace stalebase::sources {

namespace {

// A scalar's value interpolated, or why it cannot be.
Expected<std::string, std::string> interpolated(const YamlStream &stream,
                                                NodeId node,
                                                const ComposeEnvironment &env) {
  return interpolate_compose(stream.resolved(node).value, env);
}

void read_build(const YamlStream &stream,
                NodeId build,
                std::string service,
                std::string path,
                const ComposeEnvironment &env,
                SourceExtraction &out) {
  ComposeBuild result;
  result.service = std::move(service);
  result.yaml_path = std::move(path);
  const Node &node = stream.resolved(build);
  result.line = stream.node(build).position.line;
  result.column = stream.node(build).position.column;
  const auto set = [&](NodeId value, std::string &field) {
    if (value == k_no_node || !stream.resolved(value).is_scalar()) {
      return;
    }
    auto text = interpolated(stream, value, env);
    if (text) {
      field = std::move(*text);
    } else if (!result.unresolvable) {
      result.unresolvable = std::move(text).error();
    }
  };
  if (node.is_scalar()) {
    set(build, result.context);
  } else if (node.is_mapping()) {
    set(stream.find(build, "context"), result.context);
    set(stream.find(build, "dockerfile"), result.dockerfile);
    set(stream.find(build, "target"), result.target);
    const NodeId args = stream.find(build, "args");
    const Node &list = stream.resolved(args == k_no_node ? build : args);
    if (args != k_no_node && list.is_mapping()) {
      for (const MappingEntry &entry : stream.entries(args)) {
        const std::string name = stream.resolved(entry.key).value;
        if (stream.resolved(entry.value).is_null()) {
          result.unset_args.push_back(name);
        } else {
          set(entry.value, result.args[name]);
        }
      }
    } else if (args != k_no_node && list.is_sequence()) {
      // `- NAME=value`, or `- NAME` for a value taken from the environment.
      for (const NodeId item : list.children) {
        std::string text;
        set(item, text);
        const std::size_t equals = text.find('=');
        if (equals == std::string::npos) {
          result.unset_args.push_back(text);
        } else {
          result.args[text.substr(0, equals)] = text.substr(equals + 1);
        }
      }
    }
  }
  out.builds.push_back(std::move(result));
}

} // namespace

SourceExtraction extract_compose(const YamlStream &stream,
                                 const ComposeEnvironment &env) {
  SourceExtraction out;
  for (std::size_t document = 0; document < stream.documents().size();
       ++document) {
    const NodeId services =
        stream.find(stream.documents()[document], "services");
    if (services == k_no_node || !stream.resolved(services).is_mapping()) {
      continue;
    }
    for (const MappingEntry &entry : stream.entries(services)) {
      const std::string &name = stream.resolved(entry.key).value;
      if (!stream.resolved(entry.value).is_mapping()) {
        continue;
      }
      const std::string path = detail::key_path("services", name);
      const NodeId image = stream.find(entry.value, "image");
      if (image != k_no_node && stream.resolved(image).is_scalar() &&
          !stream.resolved(image).is_null()) {
        SourceReference reference =
            detail::scalar_reference(SourceKind::compose, stream, document,
                                     detail::key_path(path, "image"), image);
        auto value = interpolate_compose(reference.written, env);
        if (value) {
          reference.value = std::move(*value);
        } else {
          reference.unresolvable = std::move(value).error();
        }
        detail::check_reference(reference);
        out.references.push_back(std::move(reference));
      }
      const NodeId build = stream.find(entry.value, "build");
      if (build != k_no_node && !stream.resolved(build).is_null()) {
        read_build(stream, build, name, detail::key_path(path, "build"), env,
                   out);
      }
    }
  }
  return out;
}

} // namespace stalebase::sources
