#include "stalebase/check/engine.hpp"

#include "stalebase/registry/lookup_threads.hpp"
#include "stalebase/util/parallel_for.hpp"

#include "lookups.hpp"
#include "platforms.hpp"
#include "reference_check.hpp"

#include <algorithm>
#include <map>
#include <mutex>

namespace stalebase::check {

namespace {

struct Distinct {
  Subject subject;
  ReferenceOutcome outcome;
};

std::vector<reference::Platform>
default_platforms(const CheckOptions &options) {
  if (options.platforms.empty()) {
    return {options.host};
  }
  return options.platforms;
}

// The platforms that matter for `occurrence`: its FROM's --platform, else the
// defaults.
std::vector<reference::Platform>
platforms_for(const Occurrence &occurrence,
              const std::vector<reference::Platform> &defaults) {
  if (!occurrence.from_platform.empty()) {
    const auto parsed = reference::parse_platform(occurrence.from_platform);
    if (parsed) {
      return {*parsed};
    }
  }
  return defaults;
}

std::string unresolvable_message(const Occurrence &occurrence) {
  std::string message = occurrence.reason.empty()
                            ? std::string("not a valid image reference")
                            : occurrence.reason;
  // The extractor's reason already names the ARGs and the flag; say it once.
  const bool names_flag = message.find("--build-arg") != std::string::npos;
  if (!occurrence.args.empty() && !names_flag) {
    message += " (set ";
    for (std::size_t i = 0; i < occurrence.args.size(); ++i) {
      message += (i == 0 ? "" : ", ") + std::string("--build-arg ") +
                 occurrence.args[i] + "=…";
    }
    message += ")";
  }
  return message;
}

// How long the chain of dependent requests of `subject` can be, roughly: a
// tag pinned by digest (HEAD, then the indexes compared, then the siblings and
// the fixes' digests) before a tag alone (a tag list, maybe a HEAD) before a
// digest alone (one HEAD).
int chain_rank(const Subject &subject) {
  if (subject.image.tag && subject.image.digest) {
    return 0;
  }
  return subject.image.tag ? 1 : 2;
}

// Runs check_reference for every entry of `distinct` on up to `jobs` threads,
// the longest chains of requests first: started last, they would finish alone
// with the request slots idle (docs/benchmarks.md, "Check"). Each outcome is
// the same in any order.
void check_all(Lookups &lookups,
               std::vector<Distinct> &distinct,
               const CheckOptions &options) {
  std::vector<std::size_t> order(distinct.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) {
                     return chain_rank(distinct[a].subject) <
                            chain_rank(distinct[b].subject);
                   });
  std::mutex progress_mutex;
  std::size_t done = 0;
  util::parallel_for(distinct.size(),
                     registry::lookup_threads(
                         static_cast<std::size_t>(std::max(options.jobs, 1))),
                     [&](std::size_t at) {
                       Distinct &entry = distinct[order[at]];
                       entry.outcome = check_reference(lookups, entry.subject);
                       const std::lock_guard lock(progress_mutex);
                       ++done;
                       if (options.progress) {
                         options.progress(done, distinct.size());
                       }
                     });
}

} // namespace

std::string short_digest(std::string_view digest) {
  const std::size_t colon = digest.find(':');
  constexpr std::size_t k_shown = 12;
  if (colon == std::string_view::npos || digest.size() <= colon + 1 + k_shown) {
    return std::string(digest);
  }
  return std::string(digest.substr(0, colon + 1 + k_shown)) + "…";
}

CheckResult run_check(registry::Registry &registry,
                      const std::vector<Occurrence> &occurrences,
                      const CheckOptions &options) {
  const std::vector<reference::Platform> defaults = default_platforms(options);
  std::vector<Distinct> distinct;
  std::map<std::string, std::size_t> distinct_index;
  std::vector<std::size_t> subject_of(occurrences.size(), 0);
  for (std::size_t i = 0; i < occurrences.size(); ++i) {
    const Occurrence &occurrence = occurrences[i];
    if (occurrence.status != dockerfile::ReferenceStatus::image ||
        !occurrence.image) {
      continue;
    }
    std::vector<reference::Platform> platforms =
        platforms_for(occurrence, defaults);
    const std::string key =
        occurrence.image->canonical() + " " + platforms_text(platforms);
    const auto [entry, inserted] = distinct_index.emplace(key, distinct.size());
    if (inserted) {
      const ImagePolicy policy =
          options.policy ? options.policy(*occurrence.image) : ImagePolicy{};
      distinct.push_back(
          Distinct{Subject{*occurrence.image, std::move(platforms), policy,
                           options.all_digests},
                   {}});
    }
    subject_of[i] = entry->second;
  }

  Lookups lookups(registry);
  check_all(lookups, distinct, options);

  CheckResult result;
  for (std::size_t i = 0; i < occurrences.size(); ++i) {
    const Occurrence &occurrence = occurrences[i];
    Location location = occurrence.location;
    if (occurrence.status != dockerfile::ReferenceStatus::image ||
        !occurrence.image) {
      // Invalid as written is wrong whatever the build args; what depends on
      // ARG values is only unresolvable.
      const FindingKind kind =
          occurrence.status == dockerfile::ReferenceStatus::invalid
              ? FindingKind::invalid_reference
              : FindingKind::unresolvable;
      result.findings.push_back(Finding{kind,
                                        default_level(kind),
                                        location,
                                        unresolvable_message(occurrence),
                                        TagDigest{},
                                        std::nullopt,
                                        {},
                                        {},
                                        occurrence.id});
      continue;
    }
    const Distinct &checked = distinct[subject_of[i]];
    if (location.canonical.empty()) {
      location.canonical = occurrence.image->canonical();
    }
    if (location.platform.empty()) {
      location.platform = platforms_text(checked.subject.platforms);
    }
    for (const ReferenceFinding &found : checked.outcome.findings) {
      result.findings.push_back(Finding{
          found.kind, default_level(found.kind), location, found.message,
          found.current, found.suggested, checked.outcome.equals,
          checked.outcome.equalled_at_pin, occurrence.id});
    }
  }
  std::sort(result.findings.begin(), result.findings.end());

  std::map<std::string, registry::RegistryError> errors;
  std::vector<std::string> fine;
  for (const Distinct &entry : distinct) {
    const std::string canonical = entry.subject.image.canonical();
    if (entry.outcome.error) {
      errors.emplace(canonical, *entry.outcome.error);
    } else {
      fine.push_back(canonical);
    }
    if (entry.outcome.current_digest) {
      result.current_digests.emplace(canonical, *entry.outcome.current_digest);
    }
  }
  for (const std::string &canonical : fine) {
    if (errors.count(canonical) == 0) {
      result.checked.push_back(canonical);
    }
  }
  std::sort(result.checked.begin(), result.checked.end());
  result.checked.erase(
      std::unique(result.checked.begin(), result.checked.end()),
      result.checked.end());
  result.errors.assign(errors.begin(), errors.end());
  return result;
}

} // namespace stalebase::check
