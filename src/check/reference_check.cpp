#include "reference_check.hpp"

#include "stalebase/util/parallel_for.hpp"
#include "stalebase/version/compare.hpp"
#include "stalebase/version/floating.hpp"
#include "stalebase/version/proposals.hpp"
#include "stalebase/version/variants.hpp"
#include "stalebase/version/windows.hpp"

#include "platforms.hpp"

#include <algorithm>

namespace stalebase::check {

namespace {

std::string join(const std::vector<std::string> &items,
                 std::string_view separator) {
  std::string text;
  for (const std::string &item : items) {
    if (!text.empty()) {
      text += separator;
    }
    text += item;
  }
  return text;
}

// How far a level reaches, for comparing with ImagePolicy::max_level: an OS
// change counts as a major.
int reach(version::UpdateLevel level) {
  switch (level) {
  case version::UpdateLevel::none:
    return 0;
  case version::UpdateLevel::patch:
    return 1;
  case version::UpdateLevel::minor:
    return 2;
  case version::UpdateLevel::major:
  case version::UpdateLevel::os:
    return 3;
  }
  return 0;
}

// The newest newer tag of `tags` at each level, prereleases included (for a
// policy that allows them while the current tag is a release).
version::Proposals
propose_with_prereleases(const version::Tag &current,
                         const std::vector<version::Tag> &tags) {
  version::Proposals proposals;
  for (const version::Tag &tag : tags) {
    if (!version::is_newer(tag, current)) {
      continue;
    }
    const version::UpdateLevel level = version::update_level(current, tag);
    std::optional<version::Proposal> *slot = nullptr;
    if (level == version::UpdateLevel::patch) {
      slot = &proposals.patch;
    } else if (level == version::UpdateLevel::minor) {
      slot = &proposals.minor;
    } else if (level == version::UpdateLevel::major ||
               level == version::UpdateLevel::os) {
      slot = &proposals.major;
    }
    if (slot != nullptr &&
        (!*slot || version::compare((*slot)->tag, tag) < 0)) {
      *slot = version::Proposal{tag, level};
    }
  }
  return proposals;
}

class ReferenceChecker {
public:
  ReferenceChecker(Lookups &lookups, const Subject &subject)
      : m_lookups(lookups), m_subject(subject), m_image(subject.image),
        m_scheme(version::scheme_for_repository(subject.image.name())) {}

  ReferenceOutcome run() {
    if (!m_image.tag && m_image.digest) {
      check_digest_only();
      return std::move(m_outcome);
    }
    m_tag_text = m_image.effective_tag();
    auto parsed = version::Tag::parse(m_tag_text, m_scheme);
    if (parsed) {
      m_tag = std::move(*parsed);
    }
    const bool has_track = m_tag && m_tag->is_version();
    const bool name_floats = m_tag && m_tag->kind() == version::TagKind::name;
    static const std::vector<version::Tag> k_no_tags;
    const std::vector<version::Tag> *tags = &k_no_tags;
    bool listed_first = false;
    if (has_track && !m_image.digest && !m_subject.all_digests) {
      // An unpinned version tag needs its digest only if it floats, which its
      // repository's tag list tells: a fixed one costs no HEAD at all.
      const TagsAnswer &listed = m_lookups.tags(m_image);
      if (!listed) {
        // Without its list a version tag cannot be judged, whatever a HEAD
        // would say.
        fail(listed.error());
        return std::move(m_outcome);
      }
      if (names_tag(*listed)) {
        tags = &*m_lookups.parsed_tags(m_image, m_scheme);
        listed_first = true;
        if (!version::is_floating(*m_tag, *tags)) {
          add_proposals(*tags);
          return std::move(m_outcome);
        }
      }
      // Not listed: the HEAD below tells a deleted tag (tag-missing) from a
      // list that is behind.
    }
    const DigestAnswer &head = m_lookups.resolve_tag(m_image, m_tag_text);
    if (!head) {
      tag_not_resolved(head.error());
      return std::move(m_outcome);
    }
    m_now = head->digest;
    m_outcome.current_digest = head->digest;
    // The pin's comparison (manifest GETs) and the digests of the fixes (HEADs
    // after the tag list) do not wait on each other: asked side by side, the
    // reference's chain of requests is the longer of the two, not their sum.
    const bool early_fixes = has_track && !listed_first && asks_fix_digests();
    util::parallel_for(early_fixes ? 2 : 1, 2, [&](std::size_t branch) {
      if (branch == 1) {
        prefetch_fix_digests();
      } else if (m_image.digest) {
        m_drifted = check_pin(*head);
      }
    });

    const bool asks_floating =
        name_floats && m_tag_text != "latest" && (!m_image.digest || m_drifted);
    if ((has_track || asks_floating) && !listed_first) {
      const TagsAnswer &listed = m_lookups.tags(m_image);
      if (!listed) {
        fail(listed.error());
        if (!m_image.digest && name_floats) {
          add_unpinned();
        }
        return std::move(m_outcome);
      }
      tags = &*m_lookups.parsed_tags(m_image, m_scheme);
    }
    const bool floats =
        name_floats || (has_track && version::is_floating(*m_tag, *tags));
    if (floats && m_tag_text != "latest" && (!m_image.digest || m_drifted)) {
      find_equals(*tags);
    }
    // A hash tag (`sha-860c190`, `sha256-<hex>.sig`) names one build by
    // convention only: CI re-runs and new signatures push it again.
    const bool hash = m_tag && m_tag->kind() == version::TagKind::hash;
    if (!m_image.digest && (!m_tag || floats || hash)) {
      add_unpinned();
    }
    if (has_track) {
      add_proposals(*tags);
    }
    describe_floating_drift();
    return std::move(m_outcome);
  }

private:
  std::string name() const { return m_image.name(); }
  std::string pinned() const {
    return m_image.digest ? m_image.digest->str() : std::string();
  }
  TagDigest current() const { return TagDigest{m_tag_text, pinned()}; }
  // Whether a proposal's fix carries its digest: where the reference is
  // pinned, or where the caller writes digests.
  bool asks_fix_digests() const {
    return m_image.digest || m_subject.all_digests;
  }
  // Whether the repository's tag list names the reference's tag.
  bool names_tag(const std::vector<std::string> &listed) const {
    return std::find(listed.begin(), listed.end(), m_tag_text) != listed.end();
  }

  void add(FindingKind kind,
           std::string message,
           std::optional<TagDigest> suggested = std::nullopt) {
    m_outcome.findings.push_back(ReferenceFinding{
        kind, std::move(message), current(), std::move(suggested)});
  }

  void fail(const registry::RegistryError &error) {
    m_outcome.error = error;
    const std::string what = m_image.tag ? m_tag_text + " in " : "";
    add(FindingKind::check_error,
        "could not check " + what + name() + ": " + error.message);
  }

  // A digest without a tag: it only has to still exist.
  void check_digest_only() {
    const DigestAnswer &answer =
        m_lookups.resolve_digest(m_image, *m_image.digest);
    if (answer) {
      m_outcome.current_digest = answer->digest;
      name_digest_tag();
      return;
    }
    registry::RegistryError error = answer.error();
    if (error.kind == registry::RegistryErrorKind::not_found) {
      // The repository may be gone too; either way the pin cannot be pulled.
      error.message = "pinned digest " + short_digest(pinned()) +
                      " not found (" + error.message + ")";
    }
    m_outcome.error = error;
    add(FindingKind::check_error, "could not check " + short_digest(pinned()) +
                                      " in " + name() + ": " + error.message);
  }

  // For a digest without a tag: the tag it equals now, when `latest` or one
  // of the newest releases does (k_max_digest_only_probes HEADs at most).
  // Nothing when the list cannot be had or no candidate matches: the digest
  // itself was checked.
  void name_digest_tag() {
    const TagsAnswer &listed = m_lookups.tags(m_image);
    if (!listed) {
      return;
    }
    std::vector<std::string> candidates;
    if (std::find(listed->begin(), listed->end(), "latest") != listed->end()) {
      candidates.emplace_back("latest");
    }
    std::vector<const version::Tag *> releases;
    for (const version::Tag &tag : *m_lookups.parsed_tags(m_image, m_scheme)) {
      if (tag.is_version() && !tag.is_prerelease()) {
        releases.push_back(&tag);
      }
    }
    std::stable_sort(releases.begin(), releases.end(),
                     [](const version::Tag *a, const version::Tag *b) {
                       return version::compare_versions(*a, *b) > 0;
                     });
    for (const version::Tag *tag : releases) {
      if (candidates.size() == k_max_digest_only_probes) {
        break;
      }
      candidates.push_back(tag->to_string());
    }
    for (const std::string &candidate : candidates) {
      const DigestAnswer &answer = m_lookups.resolve_tag(m_image, candidate);
      if (answer && answer->digest == pinned()) {
        add(FindingKind::digest_only,
            "digest " + short_digest(pinned()) + " is what tag " + candidate +
                " points at now; with the tag written, updates can be "
                "proposed",
            TagDigest{candidate, pinned()});
        return;
      }
    }
  }

  // HEAD of the tag failed: a deleted tag when the repository still lists its
  // tags, else the registry's error.
  void tag_not_resolved(const registry::RegistryError &error) {
    if (error.kind == registry::RegistryErrorKind::not_found) {
      const TagsAnswer &listed = m_lookups.tags(m_image);
      if (listed && !names_tag(*listed)) {
        add(FindingKind::tag_missing,
            "tag \"" + m_tag_text + "\" " +
                (m_image.digest ? "no longer exists" : "does not exist") +
                " in " + name());
        if (m_tag && m_tag->is_version()) {
          add_proposals(*m_lookups.parsed_tags(m_image, m_scheme));
        }
        return;
      }
    }
    fail(error);
  }

  void add_drift(const std::string &detail, const std::string &suggested) {
    add(FindingKind::digest_drift,
        "pinned digest " + short_digest(pinned()) + " is no longer what " +
            m_tag_text + " points at (" + detail + ")",
        TagDigest{m_tag_text, suggested});
  }

  // Compares the pinned digest with the tag's digest now; true when the pin
  // drifted for a platform that matters.
  bool check_pin(const registry::DigestInfo &head) {
    if (pinned() == m_now) {
      return false;
    }
    const bool maybe_index = head.is_index() || head.media_type.empty();
    if (!maybe_index) {
      add_drift("now " + short_digest(m_now), m_now);
      return true;
    }
    const ManifestAnswer &now = m_lookups.manifest(m_image, head.digest);
    if (!now || !now->manifest.is_index) {
      add_drift("now " + short_digest(m_now), m_now);
      return true;
    }
    const registry::Manifest &index = now->manifest;
    for (const registry::ManifestChild &child : index.children) {
      if (!child.is_attestation && child.digest == pinned()) {
        m_single_platform = true;
        if (child.platform && !matches_wanted(*child.platform)) {
          // The image of another platform: the build runs the wrong
          // architecture (or fails), so the pin has to go.
          add(FindingKind::wrong_platform_pin,
              "pinned digest " + short_digest(pinned()) + " is the " +
                  platform_label(*child.platform) + " image of " + m_tag_text +
                  ", not one for " + platforms_text(m_subject.platforms) +
                  " (index " + short_digest(m_now) + ")",
              TagDigest{m_tag_text, m_now});
          return false;
        }
        // One platform of the image as it is now: unchanged for it.
        add(FindingKind::single_platform_pin,
            "pinned digest " + short_digest(pinned()) + " is only the " +
                (child.platform ? platform_label(*child.platform) : "one") +
                " image of multi-platform " + m_tag_text + " (index " +
                short_digest(m_now) + ")",
            TagDigest{m_tag_text, m_now});
        return false;
      }
    }
    const ManifestAnswer &old = m_lookups.manifest(m_image, *m_image.digest);
    if (!old) {
      add_drift("now " + short_digest(m_now) +
                    "; the pinned manifest is gone, so its platforms cannot be "
                    "compared",
                m_now);
      return true;
    }
    m_pinned_manifest = &old->manifest;
    if (old->manifest.is_index) {
      return compare_indexes(old->manifest, index);
    }
    return compare_single(index);
  }

  // Whether `platform` is one of the platforms that matter.
  bool matches_wanted(const reference::Platform &platform) const {
    return std::any_of(m_subject.platforms.begin(), m_subject.platforms.end(),
                       [&](const reference::Platform &wanted) {
                         return reference::platform_matches(wanted, platform);
                       });
  }

  std::string fallback_note(const std::vector<reference::Platform> &compared,
                            bool fallback) const {
    if (!fallback) {
      return "";
    }
    std::vector<std::string> labels;
    for (const reference::Platform &platform : compared) {
      labels.push_back(platform_label(platform));
    }
    return "; the image has no " + platforms_text(m_subject.platforms) +
           ", so its own platforms were compared: " + join(labels, ", ");
  }

  bool compare_indexes(const registry::Manifest &old,
                       const registry::Manifest &now) {
    bool fallback = false;
    const std::vector<reference::Platform> platforms =
        platforms_to_compare(now, m_subject.platforms, fallback);
    std::vector<std::string> changed;
    for (const reference::Platform &platform : platforms) {
      const auto before = matching_children(old, platform);
      const auto after = matching_children(now, platform);
      bool differs = before.empty() && !after.empty();
      for (const registry::ManifestChild *child : before) {
        const auto same = std::find_if(
            after.begin(), after.end(),
            [&](const registry::ManifestChild *candidate) {
              return same_platform(*child->platform, *candidate->platform);
            });
        differs =
            differs || same == after.end() || (*same)->digest != child->digest;
      }
      if (differs) {
        changed.push_back(platform_label(platform));
      }
    }
    const std::string note = fallback_note(platforms, fallback);
    if (changed.empty()) {
      std::vector<std::string> labels;
      for (const reference::Platform &platform : platforms) {
        labels.push_back(platform_label(platform));
      }
      add(FindingKind::index_drift,
          "the index " + m_tag_text + " points at changed since " +
              short_digest(pinned()) + " was pinned, but not for " +
              join(labels, ", ") + ": only other platforms changed" + note,
          TagDigest{m_tag_text, m_now});
      return false;
    }
    add_drift(join(changed, ", ") + " changed" + note, m_now);
    return true;
  }

  // The pin is an image manifest that is not in the tag's index now: a
  // single-platform pin that drifted. Compared with the child of the first
  // platform that matters.
  bool compare_single(const registry::Manifest &now) {
    m_single_platform = true;
    bool fallback = false;
    const std::vector<reference::Platform> platforms =
        platforms_to_compare(now, m_subject.platforms, fallback);
    const registry::ManifestChild *child = nullptr;
    if (!platforms.empty()) {
      const auto children = matching_children(now, platforms.front());
      child = children.empty() ? nullptr : children.front();
    }
    if (child != nullptr) {
      add_drift(platform_label(platforms.front()) + " is now " +
                    short_digest(child->digest.str()) +
                    fallback_note({platforms.front()}, fallback),
                child->digest);
    } else {
      add_drift("now " + short_digest(m_now), m_now);
    }
    add(FindingKind::single_platform_pin,
        "pinned digest " + short_digest(pinned()) +
            " is a single-platform image, while " + m_tag_text +
            " is multi-platform (index " + short_digest(m_now) + ")",
        TagDigest{m_tag_text, m_now});
    return true;
  }

  // What a floating tag equals now (and at the pin, for a drifted pin). The
  // candidates are HEAD-ed newest first and the search for "now" stops at the
  // first match: the newest sibling usually is it. What a drifted pin equalled
  // is named only when it is cheap: one of the siblings already asked, or one
  // of the k_max_pin_probes next older ones; otherwise it is left unsaid
  // rather than every sibling HEAD-ed. Every checker asks the same tags in the
  // same order whatever other threads do, so the answer is deterministic.
  void find_equals(const std::vector<version::Tag> &tags) {
    const std::vector<version::Tag> candidates =
        version::floating_candidates(*m_tag, tags);
    // Siblings have index digests; a single-platform pin never equals one.
    bool want_pin = m_drifted && !m_single_platform;
    if (want_pin && name_pin_from_annotation(candidates)) {
      want_pin = false;
    }
    // With a pin to name, the first two candidates are both asked whatever
    // the first answers (the next one for "now", or the one older for the
    // pin): asked at once, they cost one round trip.
    const std::size_t certain = std::min(
        {want_pin && k_max_pin_probes > 0 ? std::size_t{2} : std::size_t{1},
         candidates.size(), k_max_floating_probes});
    util::parallel_for(certain, certain, [&](std::size_t i) {
      (void)m_lookups.resolve_tag(m_image, candidates[i].to_string());
    });
    std::size_t next = 0;
    bool found_now = false;
    bool found_pin = false;
    const auto probe = [&](const version::Tag &candidate) {
      const DigestAnswer &answer =
          m_lookups.resolve_tag(m_image, candidate.to_string());
      if (!answer) {
        return;
      }
      if (!found_now && answer->digest == m_now) {
        m_outcome.equals.push_back(candidate.to_string());
        found_now = true;
      }
      if (want_pin && !found_pin && answer->digest == pinned()) {
        m_outcome.equalled_at_pin.push_back(candidate.to_string());
        found_pin = true;
      }
    };
    while (!found_now && next < candidates.size() &&
           next < k_max_floating_probes) {
      probe(candidates[next++]);
    }
    // The pin is most likely a recent build: the next older siblings.
    for (std::size_t extra = 0;
         found_now && want_pin && !found_pin && extra < k_max_pin_probes &&
         next < candidates.size();
         ++extra) {
      probe(candidates[next++]);
    }
  }

  // What the pin equalled, from the version its manifest is annotated with
  // (`org.opencontainers.image.version`), when check_pin fetched that
  // manifest anyway and the version is one of the floating tag's siblings: no
  // request. True when it named one.
  bool name_pin_from_annotation(const std::vector<version::Tag> &candidates) {
    if (m_pinned_manifest == nullptr || m_pinned_manifest->version.empty()) {
      return false;
    }
    const std::string &version = m_pinned_manifest->version;
    const bool sibling = std::any_of(
        candidates.begin(), candidates.end(),
        [&](const version::Tag &tag) { return tag.to_string() == version; });
    if (sibling) {
      m_outcome.equalled_at_pin.push_back(version);
    }
    return sibling;
  }

  void add_unpinned() {
    std::string message;
    if (!m_image.tag) {
      message = "no tag or digest: \"latest\" is used, and it moves";
    } else if (m_tag_text == "latest") {
      message = "\"latest\" moves, and no digest pins it";
    } else if (m_tag && m_tag->kind() == version::TagKind::hash) {
      message = "\"" + m_tag_text +
                "\" is a tag, which can be pushed again, and no digest pins it";
    } else {
      message = "\"" + m_tag_text + "\" moves";
      if (!m_outcome.equals.empty()) {
        message += " (now " + join(m_outcome.equals, ", ") + ")";
      }
      message += ", and no digest pins it";
    }
    add(FindingKind::unpinned, message, TagDigest{m_tag_text, m_now});
  }

  // What is wrong, without the move (the fix says that): `newer patch build
  // 3.12.7-slim in the same track`; an OS change also says which build and
  // host.
  static std::string proposal_text(FindingKind kind,
                                   const version::Proposal &proposal) {
    std::string text =
        kind == FindingKind::patch_available   ? "newer patch build "
        : kind == FindingKind::minor_available ? "newer minor version "
                                               : "newer major version ";
    text += proposal.tag.to_string() + " in the same track";
    if (proposal.level != version::UpdateLevel::os) {
      return text;
    }
    text += ": an OS change";
    if (proposal.tag.kind() == version::TagKind::windows_build &&
        proposal.tag.segment_count() >= 3) {
      const std::uint64_t build = proposal.tag.number(2);
      text += " to Windows build " + std::to_string(build);
      const std::string_view release = version::windows_release_of_build(build);
      if (!release.empty()) {
        text += " (" + std::string(release) + ")";
      }
      text += ", needs a matching host";
    }
    return text;
  }

  // The proposals the policy allows, by level (patch, minor, major).
  struct Allowed {
    version::Proposals proposals;
    std::vector<std::pair<FindingKind, version::Proposal>> levels;
  };

  Allowed allowed_proposals(const std::vector<version::Tag> &tags) const {
    Allowed allowed;
    const ImagePolicy &policy = m_subject.policy;
    if (reach(policy.max_level) == 0) {
      return allowed;
    }
    allowed.proposals = policy.allow_prerelease && !m_tag->is_prerelease()
                            ? propose_with_prereleases(*m_tag, tags)
                            : version::propose(*m_tag, tags);
    const std::pair<FindingKind, const std::optional<version::Proposal> *>
        levels[] = {{FindingKind::patch_available, &allowed.proposals.patch},
                    {FindingKind::minor_available, &allowed.proposals.minor},
                    {FindingKind::major_available, &allowed.proposals.major}};
    for (const auto &[kind, proposal] : levels) {
      if (*proposal && reach((*proposal)->level) <= reach(policy.max_level)) {
        allowed.levels.emplace_back(kind, **proposal);
      }
    }
    return allowed;
  }

  // Asks, all at once, for the digests add_proposals will want (it then finds
  // them answered). Only for a tag with a track whose list is wanted anyway.
  void prefetch_fix_digests() {
    const ParsedTagsAnswer &listed = m_lookups.parsed_tags(m_image, m_scheme);
    if (!listed) {
      return;
    }
    const Allowed allowed = allowed_proposals(*listed);
    util::parallel_for(allowed.levels.size(), allowed.levels.size(),
                       [&](std::size_t i) {
                         (void)m_lookups.resolve_tag(
                             m_image, allowed.levels[i].second.tag.to_string());
                       });
  }

  void add_proposals(const std::vector<version::Tag> &tags) {
    const Allowed allowed = allowed_proposals(tags);
    for (const auto &[kind, proposal] : allowed.levels) {
      const std::string &text = proposal.tag.to_string();
      std::string message = proposal_text(kind, proposal);
      if (kind == FindingKind::patch_available && allowed.proposals.release &&
          allowed.proposals.release->to_string() != text) {
        message += "; its final release " +
                   allowed.proposals.release->to_string() + " exists too";
      }
      add(kind, message, suggestion(text));
    }
    add_variant_end(tags);
  }

  // The fix for a move to `tag`. Its digest is part of the fix only where the
  // reference is pinned (or the caller writes digests): otherwise no HEAD for
  // it.
  TagDigest suggestion(const std::string &tag) {
    std::string digest;
    if (asks_fix_digests()) {
      const DigestAnswer &answer = m_lookups.resolve_tag(m_image, tag);
      digest = answer ? answer->digest.str() : "";
    }
    return TagDigest{tag, digest};
  }

  // `-fpm-bullseye` stopped getting builds of 8.1 while -fpm-bookworm and
  // -fpm-trixie go on: the tag list decides it, and only the suggestion's
  // digest may need a request (as for patch-available).
  // A policy that allows no move (pin's) proposes none across variants either.
  void add_variant_end(const std::vector<version::Tag> &tags) {
    if (reach(m_subject.policy.max_level) == 0) {
      return;
    }
    const auto end = version::find_variant_end(*m_tag, tags);
    if (!end) {
      return;
    }
    std::string message = "the " + std::string(m_tag->suffix()) +
                          " variant of " + end->line + " no longer gets builds";
    if (end->last_build) {
      message += ": its last is " + end->last_build->to_string();
    }
    std::vector<std::string> carriers;
    for (const version::Tag &carrier : end->carriers) {
      carriers.push_back(carrier.to_string());
    }
    message +=
        "; the newest build of " + end->line + " is " + join(carriers, ", ");
    add(FindingKind::variant_ended, message,
        suggestion(end->suggestion.to_string()));
  }

  // For a drifted floating pin: what it equalled then and equals now.
  void describe_floating_drift() {
    if (!m_drifted ||
        (m_outcome.equalled_at_pin.empty() && m_outcome.equals.empty())) {
      return;
    }
    std::string detail;
    if (!m_outcome.equalled_at_pin.empty()) {
      detail += "; it was " + join(m_outcome.equalled_at_pin, ", ");
    }
    if (!m_outcome.equals.empty()) {
      detail += (detail.empty() ? "; it is now " : ", now ") +
                join(m_outcome.equals, ", ");
    }
    for (ReferenceFinding &finding : m_outcome.findings) {
      if (finding.kind == FindingKind::digest_drift) {
        finding.message += detail;
      }
    }
  }

  Lookups &m_lookups;
  const Subject &m_subject;
  const reference::ImageReference &m_image;
  version::Scheme m_scheme;
  std::string m_tag_text;
  std::optional<version::Tag> m_tag;
  std::string m_now;
  bool m_drifted = false;
  bool m_single_platform = false;
  // The pinned manifest, when check_pin fetched it.
  const registry::Manifest *m_pinned_manifest = nullptr;
  ReferenceOutcome m_outcome;
};

} // namespace

ReferenceOutcome check_reference(Lookups &lookups, const Subject &subject) {
  ReferenceChecker checker(lookups, subject);
  return checker.run();
}

} // namespace stalebase::check
