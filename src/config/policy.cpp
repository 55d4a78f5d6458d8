#include "stalebase/config/policy.hpp"

#include "stalebase/util/spellcheck.hpp"
#include "stalebase/util/strings.hpp"

#include <utility>

namespace stalebase::config {

using check::FindingKind;
using check::Level;

namespace {

struct Alias {
  std::string_view word;
  FindingKind kind;
};

constexpr Alias k_aliases[] = {
    {"digest", FindingKind::digest_drift},
    {"index", FindingKind::index_drift},
    {"patch", FindingKind::patch_available},
    {"minor", FindingKind::minor_available},
    {"major", FindingKind::major_available},
    {"variant", FindingKind::variant_ended},
    {"missing", FindingKind::tag_missing},
    {"single-platform", FindingKind::single_platform_pin},
    {"wrong-platform", FindingKind::wrong_platform_pin},
    {"invalid", FindingKind::invalid_reference},
};

constexpr std::string_view k_levels[] = {"fail", "warn", "info"};

std::uint32_t bit(FindingKind kind) {
  const auto &kinds = check::all_finding_kinds();
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (kinds[i] == kind) {
      return std::uint32_t{1} << i;
    }
  }
  return 0;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string joined(const std::vector<std::string> &words) {
  std::string result;
  for (const std::string &word : words) {
    if (!result.empty()) {
      result += ", ";
    }
    result += word;
  }
  return result;
}

std::vector<std::string> kind_names() {
  std::vector<std::string> names;
  for (FindingKind kind : check::all_finding_kinds()) {
    names.emplace_back(check::to_string(kind));
  }
  return names;
}

std::vector<std::string> alias_words() {
  std::vector<std::string> words;
  for (const Alias &alias : k_aliases) {
    words.emplace_back(alias.word);
  }
  return words;
}

std::optional<FindingKind> find_kind(std::string_view word) {
  if (auto kind = check::parse_finding_kind(word)) {
    return kind;
  }
  for (const Alias &alias : k_aliases) {
    if (alias.word == word) {
      return alias.kind;
    }
  }
  return std::nullopt;
}

int rank(Level level) {
  switch (level) {
  case Level::info:
    return 0;
  case Level::warn:
    return 1;
  case Level::fail:
    return 2;
  case Level::error:
    return 3;
  }
  return 0;
}

// The kinds at `level` or above by default level, check-error excluded.
FailPolicy at_or_above(Level level) {
  FailPolicy policy;
  for (FindingKind kind : check::all_finding_kinds()) {
    if (kind != FindingKind::check_error &&
        rank(check::default_level(kind)) >= rank(level)) {
      policy.add(kind);
    }
  }
  return policy;
}

} // namespace

FailPolicy::FailPolicy(std::initializer_list<FindingKind> kinds) {
  for (FindingKind kind : kinds) {
    add(kind);
  }
}

FailPolicy FailPolicy::default_policy() {
  return at_or_above(Level::fail);
}

bool FailPolicy::fails(FindingKind kind) const {
  return (m_kinds & bit(kind)) != 0;
}

void FailPolicy::add(FindingKind kind) {
  m_kinds |= bit(kind);
}

std::vector<FindingKind> FailPolicy::kinds() const {
  std::vector<FindingKind> result;
  for (FindingKind kind : check::all_finding_kinds()) {
    if (fails(kind)) {
      result.push_back(kind);
    }
  }
  return result;
}

std::string FailPolicy::to_string() const {
  std::string result;
  for (FindingKind kind : kinds()) {
    if (!result.empty()) {
      result += ",";
    }
    result += check::to_string(kind);
  }
  return result.empty() ? "none" : result;
}

Expected<FindingKind, std::string> parse_kind_word(std::string_view word) {
  if (auto kind = find_kind(word)) {
    return *kind;
  }
  std::vector<std::string> candidates = kind_names();
  const std::vector<std::string> aliases = alias_words();
  candidates.insert(candidates.end(), aliases.begin(), aliases.end());
  if (auto suggestion = util::closest_match(word, candidates)) {
    return Unexpected("unknown finding kind " + quoted(word) +
                      ", did you mean " + quoted(*suggestion) + "?");
  }
  return Unexpected("unknown finding kind " + quoted(word) +
                    ": expected one of " + joined(kind_names()) +
                    " (or the short names " + joined(aliases) + ")");
}

Expected<FailPolicy, std::string> parse_fail_on(std::string_view text) {
  if (util::trim(text).empty()) {
    return Unexpected(
        std::string("expected a comma list of kinds or levels, found nothing"));
  }
  FailPolicy policy;
  bool none = false;
  std::size_t words = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) {
      comma = text.size();
    }
    const std::string_view word = util::trim(text.substr(start, comma - start));
    start = comma + 1;
    ++words;
    if (word.empty()) {
      return Unexpected("empty word in " + quoted(text));
    }
    if (word == "none") {
      none = true;
    } else if (word == "all") {
      for (FindingKind kind : at_or_above(Level::info).kinds()) {
        policy.add(kind);
      }
    } else if (word == "fail" || word == "warn" || word == "info") {
      const Level level = word == "fail"   ? Level::fail
                          : word == "warn" ? Level::warn
                                           : Level::info;
      for (FindingKind kind : at_or_above(level).kinds()) {
        policy.add(kind);
      }
    } else if (auto kind = find_kind(word)) {
      policy.add(*kind);
    } else {
      if (auto suggestion = util::closest_match(word, fail_on_words())) {
        return Unexpected("unknown kind or level " + quoted(word) +
                          ", did you mean " + quoted(*suggestion) + "?");
      }
      return Unexpected("unknown kind or level " + quoted(word) +
                        ": expected kinds (" + joined(kind_names()) +
                        "), short names (" + joined(alias_words()) +
                        "), levels (fail, warn, info), \"all\" or \"none\"");
    }
  }
  if (none && words > 1) {
    return Unexpected("\"none\" cannot be combined with other words in " +
                      quoted(text));
  }
  return policy;
}

void apply_policy_levels(std::vector<check::Finding> &findings,
                         const FailPolicy &policy) {
  for (check::Finding &finding : findings) {
    if (policy.fails(finding)) {
      finding.level = Level::fail;
    } else if (finding.level == Level::fail) {
      finding.level = Level::warn;
    }
  }
}

util::ExitCode exit_code(const std::vector<check::Finding> &findings,
                         const FailPolicy &failing,
                         bool had_file_errors,
                         bool had_check_errors) {
  if (had_file_errors) {
    return util::ExitCode::usage_error;
  }
  bool unchecked = had_check_errors;
  for (const check::Finding &finding : findings) {
    if (failing.fails(finding)) {
      return util::ExitCode::stale;
    }
    if (finding.kind == FindingKind::check_error) {
      unchecked = true;
    }
  }
  return unchecked ? util::ExitCode::check_error : util::ExitCode::ok;
}

std::vector<std::string> fail_on_words() {
  std::vector<std::string> words = kind_names();
  const std::vector<std::string> aliases = alias_words();
  words.insert(words.end(), aliases.begin(), aliases.end());
  for (std::string_view level : k_levels) {
    words.emplace_back(level);
  }
  words.emplace_back("all");
  words.emplace_back("none");
  return words;
}

} // namespace stalebase::config
