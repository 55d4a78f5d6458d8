#include "stalebase/rewrite/targets.hpp"

#include <algorithm>

namespace stalebase::rewrite {

namespace {

using check::Finding;
using check::FindingKind;

const Finding *find_kind(const std::vector<const Finding *> &findings,
                         FindingKind kind) {
  const auto found = std::find_if(
      findings.begin(), findings.end(),
      [kind](const Finding *finding) { return finding->kind == kind; });
  return found == findings.end() ? nullptr : *found;
}

} // namespace

Decision
decide_target(const std::optional<reference::ImageReference> &image,
              const std::vector<const check::Finding *> &findings,
              const std::map<std::string, reference::Digest> &current_digests,
              const TargetOptions &options) {
  for (const FindingKind kind :
       {FindingKind::unresolvable, FindingKind::invalid_reference,
        FindingKind::check_error, FindingKind::tag_missing}) {
    if (const Finding *finding = find_kind(findings, kind)) {
      return Decision{std::nullopt, finding->message};
    }
  }
  if (!image || !(image->tag || !image->digest)) {
    return {}; // a digest without a tag: nothing to move or add
  }
  const auto current = current_digests.find(image->canonical());
  const std::optional<reference::Digest> now =
      current == current_digests.end()
          ? std::nullopt
          : std::optional<reference::Digest>(current->second);

  Target target;
  bool wants_digest = image->digest.has_value() || options.mode == Mode::pin ||
                      options.add_digests;
  if (options.mode == Mode::update) {
    const Finding *proposal = nullptr;
    for (const FindingKind kind :
         {FindingKind::major_available, FindingKind::minor_available,
          FindingKind::variant_ended, FindingKind::patch_available}) {
      if (kind == FindingKind::variant_ended && !options.variant) {
        continue; // another OS variant only when asked
      }
      proposal = find_kind(findings, kind);
      if (proposal != nullptr && proposal->suggested) {
        break;
      }
      proposal = nullptr;
    }
    if (proposal != nullptr) {
      target.tag = proposal->suggested->tag;
      if (wants_digest) {
        // The finding's digest is text (reports print it); it is written only
        // once it reads as a digest again.
        auto digest = reference::Digest::parse(proposal->suggested->digest);
        if (!digest) {
          return Decision{std::nullopt,
                          "the digest of " + target.tag + " is not known"};
        }
        target.digest = std::move(*digest);
      }
      return Decision{target, ""};
    }
  }
  if (!wants_digest) {
    return {};
  }
  if (!now) {
    return Decision{std::nullopt, "the digest of " + image->effective_tag() +
                                      " is not known"};
  }
  if (image->digest) {
    // A pin of one platform that the tag still points at for the platforms that
    // matter.
    const bool still_valid =
        find_kind(findings, FindingKind::single_platform_pin) != nullptr &&
        find_kind(findings, FindingKind::digest_drift) == nullptr;
    if (still_valid || *image->digest == *now) {
      return {};
    }
  }
  if (!image->tag) {
    target.tag = "latest";
  }
  target.digest = now;
  return Decision{target, ""};
}

} // namespace stalebase::rewrite
