#include "stalebase/check/finding.hpp"

#include <tuple>

namespace stalebase::check {

namespace {

struct KindInfo {
  FindingKind kind;
  std::string_view name;
  Level level;
};

constexpr KindInfo k_kinds[] = {
    {FindingKind::digest_drift, "digest-drift", Level::fail},
    {FindingKind::index_drift, "index-drift", Level::info},
    {FindingKind::digest_only, "digest-only", Level::info},
    {FindingKind::patch_available, "patch-available", Level::fail},
    {FindingKind::minor_available, "minor-available", Level::info},
    {FindingKind::major_available, "major-available", Level::info},
    {FindingKind::variant_ended, "variant-ended", Level::warn},
    {FindingKind::unpinned, "unpinned", Level::warn},
    {FindingKind::tag_missing, "tag-missing", Level::fail},
    {FindingKind::unresolvable, "unresolvable", Level::warn},
    {FindingKind::invalid_reference, "invalid-reference", Level::fail},
    {FindingKind::single_platform_pin, "single-platform-pin", Level::warn},
    {FindingKind::wrong_platform_pin, "wrong-platform-pin", Level::fail},
    {FindingKind::check_error, "check-error", Level::error},
    {FindingKind::base_drift, "base-drift", Level::fail},
    {FindingKind::base_patch_available, "base-patch-available", Level::fail},
    {FindingKind::base_minor_available, "base-minor-available", Level::info},
    {FindingKind::base_major_available, "base-major-available", Level::info},
    {FindingKind::base_unknown, "base-unknown", Level::warn},
};

bool is_base_kind(FindingKind kind) {
  return kind == FindingKind::base_drift ||
         kind == FindingKind::base_patch_available ||
         kind == FindingKind::base_minor_available ||
         kind == FindingKind::base_major_available ||
         kind == FindingKind::base_unknown;
}

const KindInfo &info(FindingKind kind) {
  for (const KindInfo &entry : k_kinds) {
    if (entry.kind == kind) {
      return entry;
    }
  }
  return k_kinds[0];
}

// The kinds, in table order, for which `wanted` is true.
template <typename Wanted> std::vector<FindingKind> kinds_where(Wanted wanted) {
  std::vector<FindingKind> result;
  for (const KindInfo &entry : k_kinds) {
    if (wanted(entry.kind)) {
      result.push_back(entry.kind);
    }
  }
  return result;
}

} // namespace

std::string_view to_string(FindingKind kind) {
  return info(kind).name;
}

std::string_view to_string(Level level) {
  switch (level) {
  case Level::info:
    return "info";
  case Level::warn:
    return "warn";
  case Level::fail:
    return "fail";
  case Level::error:
    return "error";
  }
  return "info";
}

std::optional<FindingKind> parse_finding_kind(std::string_view name) {
  for (const KindInfo &entry : k_kinds) {
    if (entry.name == name) {
      return entry.kind;
    }
  }
  return std::nullopt;
}

Level default_level(FindingKind kind) {
  return info(kind).level;
}

const std::vector<FindingKind> &dockerfile_finding_kinds() {
  static const std::vector<FindingKind> kinds =
      kinds_where([](FindingKind kind) { return !is_base_kind(kind); });
  return kinds;
}

const std::vector<FindingKind> &image_finding_kinds() {
  static const std::vector<FindingKind> kinds =
      kinds_where([](FindingKind kind) {
        return is_base_kind(kind) || kind == FindingKind::index_drift ||
               kind == FindingKind::check_error;
      });
  return kinds;
}

const std::vector<FindingKind> &all_finding_kinds() {
  static const std::vector<FindingKind> kinds = [] {
    std::vector<FindingKind> result;
    for (const KindInfo &entry : k_kinds) {
      result.push_back(entry.kind);
    }
    return result;
  }();
  return kinds;
}

bool operator<(const Finding &a, const Finding &b) {
  return std::tie(a.location.file, a.location.line, a.location.reference_line,
                  a.location.column, a.kind, a.location.end_line,
                  a.location.end_column, a.message) <
         std::tie(b.location.file, b.location.line, b.location.reference_line,
                  b.location.column, b.kind, b.location.end_line,
                  b.location.end_column, b.message);
}

std::size_t reference_start_line(const Location &location) {
  return location.reference_line != 0 ? location.reference_line : location.line;
}

} // namespace stalebase::check
