#include "stalebase/cli/lookup_commands.hpp"

#include "stalebase/check/track_view.hpp"
#include "stalebase/report/track_view.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/parallel_for.hpp"
#include "stalebase/util/shown_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace stalebase::cli {

namespace {

using Result = Expected<registry::Resolution, registry::RegistryError>;

nlohmann::ordered_json platform_json(const registry::ManifestChild &child) {
  nlohmann::ordered_json item = nlohmann::ordered_json::object();
  if (child.platform) {
    item["os"] = child.platform->os;
    item["architecture"] = child.platform->architecture;
    if (!child.platform->variant.empty()) {
      item["variant"] = child.platform->variant;
    }
    if (!child.platform->os_version.empty()) {
      item["os.version"] = child.platform->os_version;
    }
  }
  item["digest"] = child.digest;
  item["media_type"] = child.media_type;
  if (child.is_attestation) {
    item["attestation"] = true;
  }
  return item;
}

// Reports that the tags of `reference` could not be listed; returns 3.
int tags_error(const NamedReference &reference,
               const registry::RegistryError &error,
               bool json,
               std::ostream &out,
               std::ostream &err) {
  err << "stalebase: error: "
      << util::escape_control(reference.text + ": " + error.message) << '\n';
  if (json) {
    out << nlohmann::ordered_json(
               {{"reference", reference.text},
                {"error", error.message},
                {"error_kind", std::string(registry::to_string(error.kind))}})
               .dump(2)
        << '\n';
  }
  return 3;
}

} // namespace

std::vector<NamedReference>
parse_references(const std::vector<std::string> &texts) {
  std::vector<NamedReference> references;
  for (const auto &text : texts) {
    auto parsed = reference::parse_reference(text);
    if (!parsed) {
      throw Error("invalid reference \"" + text + "\": " + parsed.error());
    }
    references.push_back(NamedReference{text, std::move(*parsed)});
  }
  return references;
}

int run_resolve(registry::Registry &registry,
                const std::vector<NamedReference> &references,
                const std::optional<reference::Platform> &platform,
                const std::string &format,
                std::size_t threads,
                std::ostream &out,
                std::ostream &err) {
  const bool json = format == "json";
  std::vector<std::optional<Result>> results(references.size());
  util::parallel_for(references.size(), threads, [&](std::size_t i) {
    results[i] = registry::resolve_reference(registry, references[i].reference,
                                             platform, json);
  });

  int exit_code = 0;
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < references.size(); ++i) {
    const Result &result = *results[i];
    const std::string &text = references[i].text;
    if (!result) {
      exit_code = 3;
      err << "stalebase: error: "
          << util::escape_control(text + ": " + result.error().message) << '\n';
      if (json) {
        array.push_back({{"reference", text},
                         {"error", result.error().message},
                         {"error_kind", std::string(registry::to_string(
                                            result.error().kind))}});
      }
      continue;
    }
    const std::string digest = result->platform_digest.value_or(result->digest);
    if (!json) {
      out << text << ' ' << digest << '\n';
      continue;
    }
    nlohmann::ordered_json item = {{"reference", text},
                                   {"digest", digest},
                                   {"media_type", result->media_type}};
    if (platform) {
      item["platform"] = platform->to_string();
      item["index_digest"] = result->digest;
    }
    item["platforms"] = nlohmann::ordered_json::array();
    for (const auto &child : result->children) {
      item["platforms"].push_back(platform_json(child));
    }
    array.push_back(std::move(item));
  }
  if (json) {
    out << array.dump(2) << '\n';
  }
  out.flush();
  return exit_code;
}

int run_track_view(registry::Registry &registry,
                   const NamedReference &reference,
                   const std::string &format,
                   std::ostream &out,
                   std::ostream &err) {
  const auto view = check::track_view(registry, reference.reference);
  if (!view) {
    return tags_error(reference, view.error(), format == "json", out, err);
  }
  if (format == "json") {
    out << report::track_view_to_json(*view, reference.text,
                                      reference.reference.name())
               .dump(2)
        << '\n';
  } else {
    out << report::render_track_view_text(*view);
  }
  return 0;
}

int run_tags(registry::Registry &registry,
             const NamedReference &reference,
             const std::string &format,
             std::ostream &out,
             std::ostream &err) {
  const auto tags = registry.list_tags(reference.reference);
  const bool json = format == "json";
  if (!tags) {
    return tags_error(reference, tags.error(), json, out, err);
  }
  if (json) {
    out << nlohmann::ordered_json(
               {{"reference", reference.text},
                {"repository", reference.reference.registry + "/" +
                                   reference.reference.repository},
                {"tags", *tags}})
               .dump(2)
        << '\n';
  } else {
    for (const auto &tag : *tags) {
      out << tag << '\n';
    }
  }
  return 0;
}

} // namespace stalebase::cli
