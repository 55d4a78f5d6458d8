// Property tests over the real tag lists in shared/data/tags (one tag a line).

#include "stalebase/version/compare.hpp"
#include "stalebase/version/floating.hpp"
#include "stalebase/version/proposals.hpp"
#include "stalebase/version/tracks.hpp"

#include "unit/version/helpers.hpp"
#include "unit/version/tag_lists.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace stalebase::version;
using stalebase::version::test::load_lists;
using stalebase::version::test::sample;
using stalebase::version::test::sign;
using stalebase::version::test::TagList;

namespace {

// What a tag's parts put back together give: the tag itself, for versions.
std::string reassembled(const Tag &t) {
  std::string core;
  for (std::size_t i = 0; i < t.segment_count(); ++i) {
    if (i > 0) {
      core += t.separators()[i - 1];
    }
    core += t.segment(i);
  }
  return std::string(t.prefix()) + (t.has_v() ? "v" : "") + core +
         std::string(t.prerelease()) + std::string(t.suffix());
}

// The newest tag of `track` (sorted oldest first) at `level` that may replace
// `current`, found by walking down from the newest: an independent check of
// propose(), which scans for maxima.
std::optional<Tag> newest_at(const Track &track,
                             const std::vector<Tag> &tags,
                             const Tag &current,
                             bool major_slot,
                             UpdateLevel level) {
  for (auto it = track.members.rbegin(); it != track.members.rend(); ++it) {
    const Tag &c = tags[*it];
    if (compare_versions(c, current) <= 0) {
      return std::nullopt;
    }
    if (c.is_prerelease() &&
        !(current.is_prerelease() && same_core(c, current) &&
          c.prerelease_number().empty() ==
              current.prerelease_number().empty())) {
      continue;
    }
    const UpdateLevel l = update_level(current, c);
    if (l == level || (major_slot && l == UpdateLevel::os)) {
      return c;
    }
  }
  return std::nullopt;
}

} // namespace

TEST_CASE("tag lists parse and round trip", "[version][shared]") {
  for (const TagList &list : load_lists()) {
    INFO(list.name);
    CHECK(list.tags.size() == list.lines.size());
    std::size_t bad = 0;
    std::string first_bad;
    for (std::size_t i = 0; i < list.tags.size(); ++i) {
      const Tag &t = list.tags[i];
      bool ok = t.to_string() == list.lines[i] &&
                Tag::parse(t.to_string()).value() == t &&
                (!t.is_version() || reassembled(t) == t.to_string()) &&
                (t.is_version() == !t.track_key().empty());
      const Tag w = Tag::parse(t.to_string(), Scheme::windows).value();
      ok = ok && Tag::parse(w.to_string(), Scheme::windows).value() == w;
      if (!ok && bad++ == 0) {
        first_bad = t.to_string();
      }
    }
    INFO("first bad tag: " << first_bad);
    CHECK(bad == 0);
  }
}

TEST_CASE("tag lists order within tracks is a strict weak order",
          "[version][shared]") {
  std::mt19937 random(20240606);
  for (const TagList &list : load_lists()) {
    INFO(list.name);
    const auto &tags = list.tags;
    const auto tracks = group_tracks(tags);
    const auto versions = static_cast<std::size_t>(std::count_if(
        tags.begin(), tags.end(), [](const Tag &t) { return t.is_version(); }));
    std::size_t members = 0;
    std::size_t problems = 0;
    std::string first_problem;
    const auto problem = [&](const Tag &a, const Tag &b, const char *what) {
      if (problems++ == 0) {
        first_problem = a.to_string() + " / " + b.to_string() + ": " + what;
      }
    };
    for (const Track &track : tracks) {
      members += track.members.size();
      const std::size_t n = track.members.size();
      const auto at = [&](std::size_t i) -> const Tag & {
        return tags[track.members[i]];
      };
      for (std::size_t i = 0; i < n; ++i) {
        if (!same_track(at(i), at(0)) || at(i).track_key() != track.key) {
          problem(at(i), at(0), "not one track");
        }
        if (compare(at(i), at(i)) != 0 || compare_versions(at(i), at(i)) != 0) {
          problem(at(i), at(i), "not irreflexive");
        }
        if (i + 1 < n) {
          if (sign(compare(at(i), at(i + 1))) != -1 ||
              sign(compare(at(i + 1), at(i))) != 1) {
            problem(at(i), at(i + 1), "adjacent not strictly ordered");
          }
          if (sign(compare_versions(at(i), at(i + 1))) == 1 ||
              sign(compare_versions(at(i), at(i + 1))) !=
                  -sign(compare_versions(at(i + 1), at(i)))) {
            problem(at(i), at(i + 1), "versions not ordered");
          }
        }
      }
      if (n < 3) {
        continue;
      }
      // Random triples i < j < k of the sorted track: transitivity of the order
      // and of version equivalence.
      std::uniform_int_distribution<std::size_t> pick(0, n - 1);
      for (std::size_t s = 0; s < std::min<std::size_t>(4 * n, 2000); ++s) {
        std::size_t idx[3] = {pick(random), pick(random), pick(random)};
        std::sort(idx, idx + 3);
        if (idx[0] == idx[1] || idx[1] == idx[2]) {
          continue;
        }
        const Tag &a = at(idx[0]);
        const Tag &b = at(idx[1]);
        const Tag &c = at(idx[2]);
        if (sign(compare(a, b)) != -1 || sign(compare(b, c)) != -1 ||
            sign(compare(a, c)) != -1 || sign(compare(c, a)) != 1) {
          problem(a, c, "not transitive");
        }
        const int ab = sign(compare_versions(a, b));
        const int bc = sign(compare_versions(b, c));
        const int ac = sign(compare_versions(a, c));
        if (ab == 1 || bc == 1 || ac == 1 || (ab == 0 && bc == 0 && ac != 0) ||
            ((ab == -1 || bc == -1) && ac != -1)) {
          problem(a, c, "versions not transitive");
        }
      }
    }
    CHECK(members == versions);
    INFO("first problem: " << first_problem);
    CHECK(problems == 0);
  }
}

TEST_CASE("tag lists proposals stay in track and never go back",
          "[version][shared]") {
  for (const TagList &list : load_lists()) {
    INFO(list.name);
    const auto &tags = list.tags;
    const auto tracks = group_tracks(tags);
    std::vector<const Track *> track_of(tags.size(), nullptr);
    for (const Track &track : tracks) {
      for (const std::size_t i : track.members) {
        track_of[i] = &track;
      }
    }
    std::size_t problems = 0;
    std::size_t proposed = 0;
    std::string first_problem;
    for (const std::size_t i : sample(tags.size(), 250)) {
      const Tag &current = tags[i];
      const Proposals p = propose(current, tags);
      const auto problem = [&](const char *what) {
        if (problems++ == 0) {
          first_problem = current.to_string() + ": " + what;
        }
      };
      if (!current.is_version()) {
        if (!p.empty()) {
          problem("proposal for a tag without a track");
        }
        continue;
      }
      const std::pair<const std::optional<Proposal> *, UpdateLevel> slots[] = {
          {&p.patch, UpdateLevel::patch},
          {&p.minor, UpdateLevel::minor},
          {&p.major, UpdateLevel::major}};
      for (const auto &[slot, level] : slots) {
        const bool major_slot = level == UpdateLevel::major;
        const auto expected =
            newest_at(*track_of[i], tags, current, major_slot, level);
        if (expected.has_value() != slot->has_value() ||
            (expected &&
             !(expected->to_string() == (*slot)->tag.to_string()))) {
          problem("not the newest at its level");
        }
        if (!*slot) {
          continue;
        }
        ++proposed;
        const Tag &t = (*slot)->tag;
        if (!same_track(t, current) || t.track_key() != current.track_key()) {
          problem("outside the track");
        }
        if (!is_newer(t, current) || sign(compare(t, current)) != 1) {
          problem("a downgrade");
        }
        if ((*slot)->level != update_level(current, t) ||
            !((*slot)->level == level ||
              (major_slot && (*slot)->level == UpdateLevel::os))) {
          problem("wrong level");
        }
        if (t.is_prerelease() &&
            !(current.is_prerelease() && same_core(t, current))) {
          problem("a prerelease");
        }
      }
      if (p.release &&
          (!current.is_prerelease() || p.release->is_prerelease() ||
           !same_track(*p.release, current) ||
           !same_core(*p.release, current))) {
        problem("wrong release");
      }
    }
    INFO("first problem: " << first_problem);
    CHECK(problems == 0);
    CHECK(proposed > 0);
  }
}

TEST_CASE("tag lists floating candidates", "[version][shared]") {
  for (const TagList &list : load_lists()) {
    INFO(list.name);
    const auto &tags = list.tags;
    std::size_t problems = 0;
    std::size_t floating = 0;
    std::string first_problem;
    std::size_t names = 0;
    for (const std::size_t i : sample(tags.size(), 150)) {
      const Tag &t = tags[i];
      if (t.kind() == TagKind::name && ++names > 5) {
        continue; // each name lookup scans the list: a few are enough
      }
      const auto problem = [&](const char *what) {
        if (problems++ == 0) {
          first_problem = t.to_string() + ": " + what;
        }
      };
      const bool floats = is_floating(t, tags);
      const auto candidates = floating_candidates(t, tags);
      floating += floats ? 1 : 0;
      if (t.is_version() && floats != !candidates.empty()) {
        problem("floats without candidates, or the reverse");
      }
      bool seen_prerelease = false;
      for (std::size_t k = 0; k < candidates.size(); ++k) {
        const Tag &c = candidates[k];
        // is_floating scans the list; the first candidates are enough.
        if (!c.is_version() || (k < 20 && is_floating(c, tags))) {
          problem("a candidate that is not a full version");
        }
        if (t.is_version() &&
            (c.prefix() != t.prefix() || c.suffix() != t.suffix() ||
             c.has_v() != t.has_v() || c.segment_count() < t.segment_count())) {
          problem("a candidate outside the family");
        }
        if (t.is_version()) {
          for (std::size_t s = 0; s < t.segment_count(); ++s) {
            if (compare_numbers(c.segment(s), t.segment(s)) != 0) {
              problem("a candidate with other numbers");
            }
          }
        }
        if (seen_prerelease && !c.is_prerelease()) {
          problem("a release after a prerelease");
        }
        seen_prerelease = seen_prerelease || c.is_prerelease();
      }
    }
    INFO("first problem: " << first_problem);
    CHECK(problems == 0);
    CHECK(floating > 0);
  }
}

TEST_CASE("tag lists parse and group quickly", "[version][shared]") {
  const auto lists = load_lists();
  std::size_t total = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const TagList &list : lists) {
    const auto tags = parse_tags(list.lines);
    total += group_tracks(tags).size() + tags.size();
  }
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();
  CHECK(total > 54000);
  // About 50 ms in an optimised build and 400 ms with sanitizers; the bound
  // only catches quadratic work, with room for a busy machine.
  CHECK(elapsed_ms < 2000);
}
