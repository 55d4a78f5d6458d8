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

bool covered_inline(const check::Finding &finding,
                    const InlineIgnoresByFile &inline_ignores) {
  const auto file = inline_ignores.find(finding.location.file);
  if (file == inline_ignores.end()) {
    return false;
  }
  const auto line = file->second.find(finding.location.line);
  return line != file->second.end() &&
         has_kind(line->second.kinds, finding.kind);
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
    std::optional<reference::ImageReference> ref;
    if (!finding.location.canonical.empty()) {
      if (auto parsed =
              reference::parse_reference(finding.location.canonical)) {
        ref = std::move(*parsed);
      }
    }
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

} // namespace stalebase::config
