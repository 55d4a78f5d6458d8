#include "stalebase/cli/lookup_commands.hpp"

#include "stalebase/check/track_view.hpp"
#include "stalebase/report/lookups.hpp"
#include "stalebase/report/track_view.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/shown_text.hpp"
#include "stalebase/workflow/resolve.hpp"

#include <nlohmann/json.hpp>

namespace stalebase::cli {

namespace {

// Says on `err` that `text` could not be looked up.
void say_error(const std::string &text,
               const registry::RegistryError &error,
               std::ostream &err) {
  err << "stalebase: error: "
      << util::escape_control(text + ": " + error.message) << '\n';
}

// Reports that the tags of `reference` could not be listed.
util::ExitCode tags_error(const NamedReference &reference,
                          const registry::RegistryError &error,
                          bool json,
                          std::ostream &out,
                          std::ostream &err) {
  say_error(reference.text, error, err);
  if (json) {
    out << report::lookup_error_json(reference.text, error).dump(2) << '\n';
  }
  return util::ExitCode::check_error;
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

util::ExitCode run_resolve(registry::Registry &registry,
                           const std::vector<NamedReference> &references,
                           const std::optional<reference::Platform> &platform,
                           const std::string &format,
                           std::size_t threads,
                           std::ostream &out,
                           std::ostream &err) {
  const bool json = format == "json";
  std::vector<reference::ImageReference> images;
  for (const NamedReference &named : references) {
    images.push_back(named.reference);
  }
  const std::vector<workflow::Resolved> results =
      workflow::resolve_all(registry, images, platform, json, threads);

  util::ExitCode exit_code = util::ExitCode::ok;
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < references.size(); ++i) {
    const workflow::Resolved &result = results[i];
    const std::string &text = references[i].text;
    if (!result) {
      exit_code = util::ExitCode::check_error;
      say_error(text, result.error(), err);
      if (json) {
        array.push_back(report::lookup_error_json(text, result.error()));
      }
      continue;
    }
    if (json) {
      array.push_back(report::resolution_json(text, *result, platform));
    } else {
      out << text << ' ' << result->platform_digest.value_or(result->digest)
          << '\n';
    }
  }
  if (json) {
    out << array.dump(2) << '\n';
  }
  out.flush();
  return exit_code;
}

util::ExitCode run_track_view(registry::Registry &registry,
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
  return util::ExitCode::ok;
}

util::ExitCode run_tags(registry::Registry &registry,
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
    out << report::tags_json(reference.text,
                             reference.reference.registry + "/" +
                                 reference.reference.repository,
                             *tags)
               .dump(2)
        << '\n';
  } else {
    for (const auto &tag : *tags) {
      out << tag << '\n';
    }
  }
  return util::ExitCode::ok;
}

} // namespace stalebase::cli
