// Variants that end (docs/versions.md): OS releases in suffixes, families, and
// find_variant_end over made-up and real tag lists. The expectations over the
// real lists were read off the lists by hand (grep), not from the code.

#include "stalebase/version/compare.hpp"
#include "stalebase/version/variants.hpp"

#include "unit/version/helpers.hpp"
#include "unit/version/tag_lists.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace stalebase::version;
using stalebase::version::test::load_lists;
using stalebase::version::test::sign;
using stalebase::version::test::tag;
using stalebase::version::test::TagList;
using stalebase::version::test::tags;

namespace {

// `suggestion (last: L; carriers: A, B)`, or `-` when the variant has not
// ended.
std::string describe_end(const std::string &current,
                         const std::vector<Tag> &list) {
  const auto end = find_variant_end(tag(current), list);
  if (!end) {
    return "-";
  }
  std::string text =
      end->suggestion.to_string() + " (line " + end->line +
      "; last: " + (end->last_build ? end->last_build->to_string() : "-") +
      "; carriers:";
  for (const Tag &carrier : end->carriers) {
    text += " " + carrier.to_string();
  }
  return text + ")";
}

const TagList &list_named(const std::vector<TagList> &lists,
                          const std::string &name) {
  for (const TagList &list : lists) {
    if (list.name == name) {
      return list;
    }
  }
  FAIL("no tag list " << name);
  return lists.front();
}

std::uint64_t rank_of(const Tag &t) {
  const auto release = os_release_of_suffix(t.suffix());
  REQUIRE(release.has_value());
  return release->rank;
}

} // namespace

TEST_CASE("the OS release a suffix names", "[version][variants]") {
  const auto alpine9 = os_release_of_suffix("-alpine3.9");
  const auto alpine10 = os_release_of_suffix("-alpine3.10");
  REQUIRE(alpine9);
  REQUIRE(alpine10);
  CHECK(alpine9->kind == OsKind::alpine);
  CHECK(alpine9->rank < alpine10->rank); // as numbers, not as text
  CHECK(os_release_of_suffix("-alpine3.23")->rank >
        os_release_of_suffix("-alpine3.9")->rank);
  CHECK(os_release_of_suffix("-alpine4.0")->rank >
        os_release_of_suffix("-alpine3.23")->rank);

  const auto fpm = os_release_of_suffix("-fpm-bullseye");
  REQUIRE(fpm);
  CHECK(fpm->kind == OsKind::debian);
  CHECK(fpm->offset == 5);
  CHECK(fpm->length == 8);
  CHECK(os_release_of_suffix("-bullseye")->rank <
        os_release_of_suffix("-bookworm")->rank);
  CHECK(os_release_of_suffix("-bookworm")->rank <
        os_release_of_suffix("-trixie")->rank);
  CHECK(os_release_of_suffix("-buster-slim")->kind == OsKind::debian);
  // Ubuntu's order is the release order, not the alphabet.
  CHECK(os_release_of_suffix("-focal")->kind == OsKind::ubuntu);
  CHECK(os_release_of_suffix("-focal")->rank <
        os_release_of_suffix("-jammy")->rank);
  CHECK(os_release_of_suffix("-zesty")->rank <
        os_release_of_suffix("-bionic")->rank);
  CHECK(os_release_of_suffix("-jammy")->rank <
        os_release_of_suffix("-noble")->rank);

  // No OS part: never guessed.
  for (const char *suffix :
       {"", "-alpine", "-alpine3", "-alpine3.20.1", "-alpinex3.20", "-slim",
        "-sid", "-sid-slim", "-debian", "-ubuntu", "-oraclelinux9",
        "-bookwormy", "-Bookworm", "-windowsservercore-ltsc2022",
        "-nanoserver-1809", "-windowsservercore-bookworm", "-ltsc2022",
        "-alpine3.20-bookworm", "-alpine99999999.1"}) {
    INFO(suffix);
    CHECK_FALSE(os_release_of_suffix(suffix).has_value());
  }
}

TEST_CASE("variant families", "[version][variants]") {
  CHECK(same_variant_family(tag("8.1.33-fpm-bullseye"),
                            tag("8.1.34-fpm-trixie")));
  CHECK(same_variant_family(tag("1.2.3-alpine3.9"), tag("1.2.4-alpine3.10")));
  CHECK(same_variant_family(tag("1.2.3-bookworm-slim"),
                            tag("1.2.3-trixie-slim")));
  // Everything else in the suffix is literal.
  CHECK_FALSE(
      same_variant_family(tag("1.2.3-slim-bookworm"), tag("1.2.3-bookworm")));
  CHECK_FALSE(same_variant_family(tag("1.2.3-bookworm-slim"),
                                  tag("1.2.3-slim-trixie")));
  // Different OS kinds are different families.
  CHECK_FALSE(same_variant_family(tag("1.2.3-jammy"), tag("1.2.3-bookworm")));
  CHECK_FALSE(
      same_variant_family(tag("1.2.3-alpine3.20"), tag("1.2.3-bookworm")));
  // Prefix and `v` are literal too; no OS part, no family.
  CHECK_FALSE(same_variant_family(tag("v1.2.3-bookworm"), tag("1.2.3-trixie")));
  CHECK_FALSE(same_variant_family(tag("1.2.3-alpine"), tag("1.2.3-alpine")));
  CHECK_FALSE(
      same_variant_family(tag("1.2.3-rc1-bookworm"), tag("1.2.3-rc2-trixie")));
}

TEST_CASE("a variant ends when only newer OS releases get the line's newest "
          "patch",
          "[version][variants]") {
  // The spec's example.
  const auto php = tags("8.1.32-fpm-bullseye 8.1.33-fpm-bullseye "
                        "8.1.33-fpm-bookworm 8.1.34-fpm-bookworm "
                        "8.1.34-fpm-trixie 8.2.1-fpm-bullseye 8.1.34-trixie "
                        "8.1.35-cli-trixie");
  CHECK(describe_end("8.1.33-fpm-bullseye", php) ==
        "8.1.34-fpm-trixie (line 8.1; last: 8.1.33-fpm-bullseye; carriers: "
        "8.1.34-fpm-bookworm 8.1.34-fpm-trixie)");
  CHECK(describe_end("8.1.32-fpm-bullseye", php) ==
        "8.1.34-fpm-trixie (line 8.1; last: 8.1.33-fpm-bullseye; carriers: "
        "8.1.34-fpm-bookworm 8.1.34-fpm-trixie)");
  // A variant with the newest patch has not ended, old or new.
  CHECK(describe_end("8.1.33-fpm-bookworm", php) == "-");
  CHECK(describe_end("8.1.34-fpm-trixie", php) == "-");
  // Another line of the same variant is judged on its own.
  CHECK(describe_end("8.2.1-fpm-bullseye", php) == "-");

  // Never an older OS: the newest patch only in an older release.
  CHECK(describe_end("2.0.1-trixie", tags("2.0.1-trixie 2.0.2-bookworm")) ==
        "-");
  // The newest release that carries it, not merely the newest release.
  CHECK(describe_end("2.0.1-alpine3.9",
                     tags("2.0.1-alpine3.9 2.0.2-alpine3.10 2.0.2-alpine3.11 "
                          "2.0.1-alpine3.12")) ==
        "2.0.2-alpine3.11 (line 2.0; last: 2.0.1-alpine3.9; carriers: "
        "2.0.2-alpine3.10 2.0.2-alpine3.11)");
  // Prereleases neither end nor are suggested.
  CHECK(describe_end("2.0.1-alpine3.9",
                     tags("2.0.1-alpine3.9 2.0.2rc1-alpine3.10")) == "-");
  CHECK(describe_end("2.0.1rc1-alpine3.9",
                     tags("2.0.1rc1-alpine3.9 2.0.2-alpine3.10")) == "-");
  // `-alpine` without a number, a Windows variant, a date, Ubuntu beside
  // Debian: never ended.
  CHECK(describe_end("2.0.1-alpine", tags("2.0.1-alpine 2.0.2-alpine3.20")) ==
        "-");
  CHECK(describe_end("2.0.1-windowsservercore-ltsc2019",
                     tags("2.0.1-windowsservercore-ltsc2019 "
                          "2.0.2-windowsservercore-ltsc2022")) == "-");
  CHECK(describe_end("2.0.1-focal", tags("2.0.1-focal 2.0.2-bookworm")) == "-");
  CHECK(describe_end("bullseye-20240101",
                     tags("bullseye-20240101 bookworm-20241111")) == "-");
  // Dated suffixes are literal: each date its own variant.
  CHECK(describe_end("2.0.1-bullseye-20240101",
                     tags("2.0.1-bullseye-20240101 2.0.2-bookworm-20240202")) ==
        "-");
  // A one-segment core that does not float has no line.
  CHECK(describe_end("7-alpine3.9", tags("7-alpine3.9 8-alpine3.10")) == "-");
  // A floating tag stays floating.
  CHECK(describe_end("20-alpine3.18",
                     tags("20-alpine3.18 20.1.0-alpine3.18 20-alpine3.20 "
                          "20.2.0-alpine3.20 20.2.0-alpine3.19")) ==
        "20-alpine3.20 (line 20; last: 20.1.0-alpine3.18; carriers: "
        "20.2.0-alpine3.19 20.2.0-alpine3.20)");
  CHECK(describe_end("20-alpine3.18", tags("20-alpine3.18 20.1.0-alpine3.18 "
                                           "20.2.0-alpine3.20")) ==
        "20.2.0-alpine3.20 (line 20; last: 20.1.0-alpine3.18; carriers: "
        "20.2.0-alpine3.20)");
}

TEST_CASE("variant lines for `tags`", "[version][variants]") {
  const auto list = tags("8.1.33-fpm-bullseye 8.1.34-fpm-bookworm "
                         "8.1.34-fpm-trixie 8.1.33-fpm-buster-x 8.1.30-fpm-"
                         "buster");
  const auto lines = variant_lines(tag("8.1.33-fpm-bullseye"), list);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].last_build.to_string() == "8.1.30-fpm-buster");
  CHECK(lines[0].ended);
  CHECK_FALSE(lines[0].current);
  CHECK(lines[1].suffix == "-fpm-bullseye");
  CHECK(lines[1].ended);
  CHECK(lines[1].current);
  CHECK(lines[2].last_build.to_string() == "8.1.34-fpm-bookworm");
  CHECK_FALSE(lines[2].ended);
  CHECK(lines[3].suffix == "-fpm-trixie");
  CHECK(variant_lines(tag("8.1.33-fpm"), list).empty());
}

TEST_CASE("variants that ended in the real tag lists",
          "[version][variants][shared]") {
  const std::vector<TagList> lists = load_lists();
  const std::vector<Tag> &php = list_named(lists, "php.txt").tags;
  CHECK(describe_end("8.1.33-fpm-bullseye", php) ==
        "8.1.34-fpm-trixie (line 8.1; last: 8.1.33-fpm-bullseye; carriers: "
        "8.1.34-fpm-bookworm 8.1.34-fpm-trixie)");
  CHECK(describe_end("8.1.31-fpm-bullseye", php) ==
        "8.1.34-fpm-trixie (line 8.1; last: 8.1.33-fpm-bullseye; carriers: "
        "8.1.34-fpm-bookworm 8.1.34-fpm-trixie)");
  CHECK(describe_end("8.1.33-fpm-bookworm", php) == "-");
  CHECK(describe_end("8.1.33-fpm-alpine3.21", php) == "-");
  CHECK(describe_end("8.1.34-fpm-alpine", php) == "-");
  CHECK(describe_end("8.1-fpm-alpine", php) == "-");
  CHECK(describe_end("8.1-fpm-bullseye", php) ==
        "8.1-fpm-trixie (line 8.1; last: 8.1.33-fpm-bullseye; carriers: "
        "8.1.34-fpm-bookworm 8.1.34-fpm-trixie)");

  const std::vector<Tag> &node = list_named(lists, "node.txt").tags;
  // alpine3.9 < alpine3.10: 12.20.2 is built for 3.10, 3.11 and 3.12.
  CHECK(describe_end("12.20.1-alpine3.9", node) ==
        "12.20.2-alpine3.12 (line 12.20; last: 12.20.1-alpine3.9; carriers: "
        "12.20.2-alpine3.10 12.20.2-alpine3.11 12.20.2-alpine3.12)");
  CHECK(describe_end("12.20.2-alpine3.10", node) == "-");
  CHECK(describe_end("12.22.12-stretch-slim", node) == "-");
  CHECK(describe_end("12.22.12-alpine", node) == "-");

  const std::vector<Tag> &mongo = list_named(lists, "mongo.txt").tags;
  // Ubuntu: 6.0 moved from focal (last 6.0.4) to jammy.
  CHECK(describe_end("6.0.4-focal", mongo) ==
        "6.0.28-jammy (line 6.0; last: 6.0.4-focal; carriers: "
        "6.0.28-jammy)");
  CHECK(describe_end("6.0.3-focal", mongo) ==
        "6.0.28-jammy (line 6.0; last: 6.0.4-focal; carriers: "
        "6.0.28-jammy)");
  CHECK(describe_end("6.0.28-jammy", mongo) == "-");
  CHECK(describe_end("4.4.30-focal", mongo) == "-");
  CHECK(describe_end("6.0.4-windowsservercore-ltsc2022", mongo) == "-");
  CHECK(describe_end("6.0.4-nanoserver-ltsc2022", mongo) == "-");

  const std::vector<Tag> &rust = list_named(lists, "rust.txt").tags;
  // Rust changes OS releases between minors: no line ends inside one.
  CHECK(describe_end("1.74.1-alpine3.17", rust) == "-");
  CHECK(describe_end("1.74.0-alpine3.17", rust) == "-");
  CHECK(describe_end("1.85.0-slim-bullseye", rust) == "-");
  CHECK(describe_end("1.74-alpine3.17", rust) == "-");
}

TEST_CASE("variant ends over every real tag list keep their promises",
          "[version][variants][shared]") {
  for (const TagList &list : load_lists()) {
    INFO(list.name);
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < list.tags.size(); ++i) {
      if (os_release_of_suffix(list.tags[i].suffix())) {
        candidates.push_back(i);
      }
    }
    const std::size_t stride =
        std::max<std::size_t>(1, candidates.size() / 400);
    std::size_t ended = 0;
    for (std::size_t c = 0; c < candidates.size(); c += stride) {
      const Tag &current = list.tags[candidates[c]];
      INFO(current.to_string());
      const auto end = find_variant_end(current, list.tags);
      if (!end) {
        continue;
      }
      ++ended;
      REQUIRE_FALSE(end->carriers.empty());
      const Tag &newest = end->carriers.front();
      // No variant-ended where the variant's own track has the newest patch.
      for (const Tag &other : list.tags) {
        if (same_track(other, current) &&
            other.segment_count() == newest.segment_count()) {
          CHECK_FALSE(sign(compare_versions(other, newest)) == 0);
        }
      }
      for (const Tag &carrier : end->carriers) {
        CHECK(same_variant_family(carrier, current));
        CHECK(sign(compare_versions(carrier, newest)) == 0);
        CHECK(carrier.suffix() != current.suffix());
      }
      // Never outside the family, never an older OS, never a prerelease.
      CHECK(same_variant_family(end->suggestion, current));
      CHECK(rank_of(end->suggestion) > rank_of(current));
      CHECK_FALSE(end->suggestion.is_prerelease());
      if (end->last_build) {
        CHECK(end->last_build->suffix() == current.suffix());
      }
    }
    // Every family in the lists with OS variants has some that ended.
    if (list.name == "php.txt" || list.name == "node.txt" ||
        list.name == "mongo.txt") {
      CHECK(ended > 0);
    }
  }
}
