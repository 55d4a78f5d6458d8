#include "stalebase/rewrite/targets.hpp"

#include <catch2/catch.hpp>

using namespace stalebase;
using check::Finding;
using check::FindingKind;
using rewrite::decide_target;
using rewrite::Mode;
using rewrite::Target;

namespace {

const std::string k_now = "sha256:" + std::string(64, 'a');
const std::string k_old = "sha256:" + std::string(64, 'b');
const std::string k_new = "sha256:" + std::string(64, 'c');

reference::Digest digest(const std::string &text) {
  return reference::Digest::parse(text).value();
}

reference::ImageReference image(const std::string &text) {
  return reference::parse_reference(text).value();
}

Finding finding(FindingKind kind,
                const std::string &message = "",
                std::optional<check::TagDigest> suggested = std::nullopt) {
  Finding result;
  result.kind = kind;
  result.message = message;
  result.suggested = std::move(suggested);
  return result;
}

rewrite::Decision decide(const std::string &text,
                         const std::vector<Finding> &findings,
                         Mode mode,
                         bool add_digests = false) {
  const auto ref = image(text);
  std::vector<const Finding *> pointers;
  for (const Finding &item : findings) {
    pointers.push_back(&item);
  }
  return decide_target(ref, pointers, {{ref.canonical(), digest(k_now)}},
                       {mode, add_digests});
}

} // namespace

TEST_CASE("decide_target pin adds the current digest", "[rewrite]") {
  const auto decision =
      decide("alpine:3.19.0", {finding(FindingKind::unpinned)}, Mode::pin);
  CHECK(decision.target == Target{"", digest(k_now)});
  CHECK(decision.reason.empty());
}

TEST_CASE("decide_target pin writes latest for a reference without a tag",
          "[rewrite]") {
  CHECK(decide("alpine", {}, Mode::pin).target ==
        Target{"latest", digest(k_now)});
}

TEST_CASE(
    "decide_target pin refreshes a drifted digest and keeps a current one",
    "[rewrite]") {
  CHECK(decide("alpine:3.19.0@" + k_old, {finding(FindingKind::digest_drift)},
               Mode::pin)
            .target == Target{"", digest(k_now)});
  CHECK_FALSE(decide("alpine:3.19.0@" + k_now, {}, Mode::pin).target);
}

TEST_CASE("decide_target keeps a single-platform pin that still matches",
          "[rewrite]") {
  CHECK_FALSE(decide("alpine:3.19.0@" + k_old,
                     {finding(FindingKind::single_platform_pin)}, Mode::pin)
                  .target);
  CHECK(decide("alpine:3.19.0@" + k_old,
               {finding(FindingKind::digest_drift),
                finding(FindingKind::single_platform_pin)},
               Mode::pin)
            .target == Target{"", digest(k_now)});
}

TEST_CASE("decide_target leaves digest-only references alone", "[rewrite]") {
  const auto decision = decide("alpine@" + k_old, {}, Mode::pin);
  CHECK_FALSE(decision.target);
  CHECK(decision.reason.empty());
}

TEST_CASE(
    "decide_target gives the reason for what the registry could not answer",
    "[rewrite]") {
  for (const FindingKind kind :
       {FindingKind::check_error, FindingKind::tag_missing,
        FindingKind::unresolvable}) {
    const auto decision =
        decide("alpine:3.19.0", {finding(kind, "the reason")}, Mode::pin);
    CHECK_FALSE(decision.target);
    CHECK(decision.reason == "the reason");
  }
}

TEST_CASE("decide_target update takes the highest proposal", "[rewrite]") {
  const std::vector<Finding> findings = {
      finding(FindingKind::patch_available, "",
              check::TagDigest{"3.19.1", k_old}),
      finding(FindingKind::minor_available, "",
              check::TagDigest{"3.20.0", k_new})};
  CHECK(decide("alpine:3.19.0", findings, Mode::update).target ==
        Target{"3.20.0", std::nullopt});
  CHECK(decide("alpine:3.19.0", findings, Mode::update, true).target ==
        Target{"3.20.0", digest(k_new)});
  CHECK(decide("alpine:3.19.0@" + k_old, findings, Mode::update).target ==
        Target{"3.20.0", digest(k_new)});
}

TEST_CASE("decide_target update moves across OS variants only when asked",
          "[rewrite]") {
  const std::vector<Finding> findings = {
      finding(FindingKind::patch_available, "",
              check::TagDigest{"8.1.33-fpm-bullseye", k_old}),
      finding(FindingKind::variant_ended, "",
              check::TagDigest{"8.1.34-fpm-trixie", k_new})};
  const auto ref = image("php:8.1.31-fpm-bullseye@" + k_now);
  std::vector<const Finding *> pointers;
  for (const Finding &item : findings) {
    pointers.push_back(&item);
  }
  const std::map<std::string, reference::Digest> now = {
      {ref.canonical(), digest(k_now)}};
  CHECK(
      decide_target(ref, pointers, now, {Mode::update, false, false}).target ==
      Target{"8.1.33-fpm-bullseye", digest(k_old)});
  CHECK(decide_target(ref, pointers, now, {Mode::update, false, true}).target ==
        Target{"8.1.34-fpm-trixie", digest(k_new)});
  // pin never moves a tag.
  CHECK(decide_target(ref, pointers, now, {Mode::pin, true, true}).target ==
        std::nullopt);
  // A minor move the level allows wins: the next run moves the variant.
  std::vector<Finding> with_minor = findings;
  with_minor.push_back(finding(FindingKind::minor_available, "",
                               check::TagDigest{"8.2.1-fpm-bullseye", k_old}));
  pointers.clear();
  for (const Finding &item : with_minor) {
    pointers.push_back(&item);
  }
  CHECK(decide_target(ref, pointers, now, {Mode::update, false, true}).target ==
        Target{"8.2.1-fpm-bullseye", digest(k_old)});
}

TEST_CASE("decide_target update without a proposal refreshes digests only",
          "[rewrite]") {
  CHECK_FALSE(decide("alpine:3.19.0", {}, Mode::update).target);
  CHECK(decide("alpine:3.19.0", {}, Mode::update, true).target ==
        Target{"", digest(k_now)});
  CHECK(decide("alpine:3.19.0@" + k_old, {finding(FindingKind::digest_drift)},
               Mode::update)
            .target == Target{"", digest(k_now)});
}

TEST_CASE("decide_target update never writes a digest that is not one",
          "[rewrite]") {
  // A tag that starts like a digest, passed on as the proposal's digest.
  const auto decision =
      decide("alpine:3.19.0@" + k_old,
             {finding(FindingKind::minor_available, "",
                      check::TagDigest{"3.20.0", "sha256-" + k_new.substr(7)})},
             Mode::update);
  CHECK_FALSE(decision.target);
  CHECK(decision.reason == "the digest of 3.20.0 is not known");
}

TEST_CASE("decide_target update refuses a proposal whose digest is unknown",
          "[rewrite]") {
  const auto decision = decide("alpine:3.19.0@" + k_old,
                               {finding(FindingKind::patch_available, "",
                                        check::TagDigest{"3.19.1", ""})},
                               Mode::update);
  CHECK_FALSE(decision.target);
  CHECK(decision.reason == "the digest of 3.19.1 is not known");
}
