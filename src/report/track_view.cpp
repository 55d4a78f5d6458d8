#include "stalebase/report/track_view.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace stalebase::report {

namespace {

std::string level_word(version::UpdateLevel level) {
  return level == version::UpdateLevel::os ? "os change"
                                           : std::string(to_string(level));
}

// What a line says after the tag: "patch", "minor, prerelease", "current",
// "patch, older".
std::string describe(const check::TrackTag &tag) {
  std::string text;
  switch (tag.relation) {
  case check::Relation::current:
    text = "current";
    break;
  case check::Relation::same_version:
    text = "same version";
    break;
  case check::Relation::newer:
    text = level_word(tag.level);
    break;
  case check::Relation::older:
    text = level_word(tag.level) + ", older";
    break;
  }
  if (tag.prerelease) {
    text += ", prerelease";
  }
  return text;
}

std::string padded(const std::string &text, std::size_t width) {
  return text + std::string(width - std::min(width, text.size()), ' ');
}

} // namespace

std::string render_track_view_text(const check::TrackView &view) {
  std::string out;
  if (view.track.empty()) {
    out += "track: none (\"" + view.tag + "\" is not a version)\n";
  } else {
    out += "track " + view.track + ", newest first:\n";
    std::size_t width = 0;
    for (const check::TrackTag &tag : view.tags) {
      width = std::max(width, tag.tag.size());
    }
    for (const check::TrackTag &tag : view.tags) {
      out += "  " + padded(tag.tag, width) + "  " + describe(tag) + '\n';
    }
  }
  if (!view.floating.empty()) {
    out += "floating tags:\n";
    std::size_t width = 0;
    for (const check::FloatingTag &tag : view.floating) {
      width = std::max(width, tag.tag.size());
    }
    for (const check::FloatingTag &tag : view.floating) {
      std::string equals;
      if (tag.digest.empty()) {
        equals = "(could not be resolved)";
      } else if (tag.equals.empty()) {
        equals = "(no full version found)";
      } else {
        equals = "= " + tag.equals.front();
      }
      out += "  " + padded(tag.tag, width) + "  " + equals + '\n';
    }
  }
  if (!view.variants.empty()) {
    out += "OS variants of the line, oldest release first (last build):\n";
    std::size_t width = 0;
    for (const check::VariantTag &variant : view.variants) {
      width = std::max(width, variant.last.size());
    }
    for (const check::VariantTag &variant : view.variants) {
      std::string notes = variant.ended ? "ended" : "newest patch";
      if (variant.current) {
        notes += ", current variant";
      }
      out += "  " + padded(variant.last, width) + "  " + notes + '\n';
    }
  }
  return out;
}

nlohmann::ordered_json track_view_to_json(const check::TrackView &view,
                                          const std::string &reference,
                                          const std::string &repository) {
  nlohmann::ordered_json tags = nlohmann::ordered_json::array();
  for (const check::TrackTag &tag : view.tags) {
    tags.push_back({{"tag", tag.tag},
                    {"relation", std::string(to_string(tag.relation))},
                    {"level", std::string(to_string(tag.level))},
                    {"prerelease", tag.prerelease}});
  }
  nlohmann::ordered_json floating = nlohmann::ordered_json::array();
  for (const check::FloatingTag &tag : view.floating) {
    floating.push_back(
        {{"tag", tag.tag},
         {"digest", tag.digest.empty() ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json(tag.digest)},
         {"equals", tag.equals}});
  }
  nlohmann::ordered_json variants = nlohmann::ordered_json::array();
  for (const check::VariantTag &variant : view.variants) {
    variants.push_back({{"suffix", variant.suffix},
                        {"last", variant.last},
                        {"current", variant.current},
                        {"ended", variant.ended}});
  }
  nlohmann::ordered_json json = {
      {"reference", reference},
      {"repository", repository},
      {"tag", view.tag},
      {"track", view.track.empty() ? nlohmann::ordered_json(nullptr)
                                   : nlohmann::ordered_json(view.track)},
      {"tags", std::move(tags)},
      {"floating", std::move(floating)},
      {"variants", std::move(variants)}};
  return json;
}

} // namespace stalebase::report
