#pragma once

// Which findings fail the run (`--fail-on`, `fail-on:`), and the exit code.

#include "stalebase/check/finding.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/util/expected.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::config {

// The set of finding kinds that make `check` exit 1. Levels and aliases are
// expanded when parsing, so a policy is only ever a set of kinds.
class FailPolicy {
public:
  // Fails on nothing (`none`).
  FailPolicy() = default;
  // Fails on exactly `kinds`.
  FailPolicy(std::initializer_list<check::FindingKind> kinds);

  // digest-drift, patch-available and tag-missing: the kinds whose default
  // level is `fail` (docs/manual.md, `check`, the table of findings).
  static FailPolicy default_policy();

  // Whether a finding of `finding`'s kind fails the run. Only the kind counts,
  // never `finding.level`.
  bool fails(const check::Finding &finding) const {
    return fails(finding.kind);
  }
  bool fails(check::FindingKind kind) const;
  // Adds `kind` to the set.
  void add(check::FindingKind kind);
  // The kinds in the set, in all_finding_kinds() order.
  std::vector<check::FindingKind> kinds() const;
  // The kinds as a comma list of full names (`digest-drift,tag-missing`), or
  // `none`; parse_fail_on reads it back as the same policy.
  std::string to_string() const;

  friend bool operator==(const FailPolicy &, const FailPolicy &) = default;

private:
  std::uint32_t m_kinds = 0; // bit i: all_finding_kinds()[i]
};

// The kind a word names: a full kind name (`digest-drift`) or a short alias
// (`digest`, `index`, `patch`, `minor`, `major`, `variant`, `unpinned`,
// `missing`, `unresolvable`, `single-platform`). Used by --fail-on, ignore
// `kinds` and inline ignores. Fails with "unknown finding kind \"pach\", did
// you mean
// \"patch\"?" or, with no close word, "unknown finding kind \"x\": expected
// one of digest-drift, index-drift, …" (listing the full names).
Expected<check::FindingKind, std::string>
parse_kind_word(std::string_view word);

// Parses a --fail-on list: words separated by commas (spaces around them are
// ignored). A word is a kind or alias (see parse_kind_word), a level, `all`,
// or `none`. A level means that level and above, by each kind's default
// level: `fail` = the default policy; `warn` adds variant-ended, unpinned,
// unresolvable and single-platform-pin; `info` and `all` add index-drift,
// minor-available and major-available. `check-error` is only included when
// named: unchecked references give exit 3 on their own, and naming
// `check-error` turns them into failures (exit 1). `none` fails on nothing and
// stands alone. Errors: "unknown kind or level \"pach\", did you mean
// \"patch\"?", "unknown kind or level \"x\": expected kinds (digest-drift, …),
// short names (digest, patch, …), levels (fail, warn, info), \"all\" or
// \"none\"", "empty word in \"patch,,digest\"", "\"none\" cannot be combined
// with other words in \"none,patch\"", "expected a comma list of kinds or
// levels, found nothing" (an empty string).
Expected<FailPolicy, std::string> parse_fail_on(std::string_view text);

// Every word parse_fail_on knows: the kinds, the short names, the levels,
// `all` and `none` (for suggestions and shell completion).
std::vector<std::string> fail_on_words();

// Sets each finding's level for renderers after the policy is known: a
// finding the policy fails becomes `fail`; one at `fail` that the policy does
// not fail becomes `warn`; check-error findings stay `error` unless the
// policy names check-error. Other levels are left as they are.
void apply_policy_levels(std::vector<check::Finding> &findings,
                         const FailPolicy &policy);

// The process exit code of `check`. Precedence, most severe first:
//   2  had_file_errors: a usage, configuration or Dockerfile error, so some
//      input was not checked at all. It beats everything: a gate must not
//      pass, or look merely "stale", when an input could not be read.
//   1  some finding the policy fails (a check-error finding counts here only
//      when the policy names check-error).
//   3  some reference could not be checked (had_check_errors, or a
//      check-error finding the policy does not fail) and nothing above
//      applies: "nothing else failed", so the partial report is not trusted
//      as clean.
//   0  everything was checked and nothing fails the policy; findings below
//      the policy (warn, info) do not change it.
util::ExitCode exit_code(const std::vector<check::Finding> &findings,
                         const FailPolicy &failing,
                         bool had_file_errors,
                         bool had_check_errors);

} // namespace stalebase::config
