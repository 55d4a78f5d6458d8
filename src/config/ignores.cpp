#include "stalebase/config/ignores.hpp"

#include "stalebase/config/pattern.hpp"
#include "stalebase/reference/image_reference.hpp"

#include <algorithm>
#include <optional>

namespace stalebase::config {

namespace {

bool has_kind(const std::vector<check::FindingKind> &kinds,
              check::FindingKind kind) {
  return kinds.empty() ||
         std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool covers(const IgnoreRule &rule,
            const check::Finding &finding,
            const std::optional<reference::ImageReference> &ref) {
  if (!ref || !has_kind(rule.kinds, finding.kind) ||
      !image_matches(rule.image, *ref)) {
    return false;
  }
  if (!rule.tag) {
    return true;
  }
  const std::string tag =
      finding.current.tag.empty() ? ref->tag.value_or("") : finding.current.tag;
  return glob_match(*rule.tag, tag);
}

// The inline ignore on the line before the finding's instruction, if any.
const InlineIgnore *
inline_ignore_for(const check::Location &location,
                  const InlineIgnoresByFile &inline_ignores) {
  const auto file = inline_ignores.find(location.file);
  if (file == inline_ignores.end()) {
    return nullptr;
  }
  const auto line = file->second.find(location.line);
  return line == file->second.end() ? nullptr : &line->second;
}

bool covered_inline(const check::Finding &finding,
                    const InlineIgnoresByFile &inline_ignores) {
  const InlineIgnore *ignore =
      inline_ignore_for(finding.location, inline_ignores);
  return ignore != nullptr && has_kind(ignore->kinds, finding.kind);
}

std::optional<reference::ImageReference>
parsed_canonical(const check::Location &location) {
  if (location.canonical.empty()) {
    return std::nullopt;
  }
  auto parsed = reference::parse_reference(location.canonical);
  if (!parsed) {
    return std::nullopt;
  }
  return std::move(*parsed);
}

std::string with_reason(std::string place, const std::string &reason) {
  return reason.empty() ? place : place + " (\"" + reason + "\")";
}

std::string lapsed_warning(const Config &config, const IgnoreRule &rule) {
  std::string text = config.file + ":" + std::to_string(rule.line) +
                     ": ignore for \"" + rule.image + "\"";
  if (rule.tag) {
    text += " tag \"" + *rule.tag + "\"";
  }
  text += " (\"" + rule.reason + "\") lapsed on " + rule.until->to_string() +
          "; its findings are reported again";
  return text;
}

} // namespace

IgnoreOutcome apply_ignores(std::vector<check::Finding> &findings,
                            const Config &config,
                            const Date &today,
                            const InlineIgnoresByFile &inline_ignores) {
  IgnoreOutcome outcome;
  std::vector<const IgnoreRule *> active;
  for (const IgnoreRule &rule : config.ignores) {
    if (rule.until && *rule.until < today) {
      outcome.warnings.push_back(lapsed_warning(config, rule));
    } else {
      active.push_back(&rule);
    }
  }
  std::vector<check::Finding> kept;
  kept.reserve(findings.size());
  for (check::Finding &finding : findings) {
    const std::optional<reference::ImageReference> ref =
        parsed_canonical(finding.location);
    const bool ignored =
        covered_inline(finding, inline_ignores) ||
        std::any_of(active.begin(), active.end(), [&](const IgnoreRule *rule) {
          return covers(*rule, finding, ref);
        });
    if (ignored) {
      outcome.ignored.push_back(std::move(finding));
    } else {
      kept.push_back(std::move(finding));
    }
  }
  findings = std::move(kept);
  return outcome;
}

bool ReferenceIgnores::all() const {
  return kinds.size() == check::all_finding_kinds().size();
}

bool ReferenceIgnores::has(check::FindingKind kind) const {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

ReferenceIgnores reference_ignores(const check::Location &location,
                                   const std::string &tag,
                                   const Config &config,
                                   const Date &today,
                                   const InlineIgnoresByFile &inline_ignores) {
  ReferenceIgnores result;
  const std::optional<reference::ImageReference> ref =
      parsed_canonical(location);
  const InlineIgnore *comment = inline_ignore_for(location, inline_ignores);
  std::vector<bool> rule_used(config.ignores.size(), false);
  bool comment_used = false;
  check::Finding probe;
  probe.location = location;
  probe.current.tag = tag;
  for (const check::FindingKind kind : check::all_finding_kinds()) {
    probe.kind = kind;
    bool covered = false;
    if (comment != nullptr && has_kind(comment->kinds, kind)) {
      covered = comment_used = true;
    }
    for (std::size_t i = 0; i < config.ignores.size(); ++i) {
      const IgnoreRule &rule = config.ignores[i];
      if ((!rule.until || !(*rule.until < today)) && covers(rule, probe, ref)) {
        covered = rule_used[i] = true;
      }
    }
    if (covered) {
      result.kinds.push_back(kind);
    }
  }
  if (comment_used) {
    result.sources.push_back(
        with_reason(location.file + ":" + std::to_string(comment->comment_line),
                    comment->reason));
  }
  for (std::size_t i = 0; i < config.ignores.size(); ++i) {
    if (rule_used[i]) {
      result.sources.push_back(with_reason(
          config.file + ":" + std::to_string(config.ignores[i].line),
          config.ignores[i].reason));
    }
  }
  return result;
}

} // namespace stalebase::config
