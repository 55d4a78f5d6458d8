// libFuzzer target for the tag parser (src/version). The whole input is read as
// one tag, then as a list of tags (one a line) whose order, levels, proposals
// and floating candidates must stay consistent. Any violation aborts.

#include "stalebase/version/compare.hpp"
#include "stalebase/version/floating.hpp"
#include "stalebase/version/proposals.hpp"
#include "stalebase/version/tag.hpp"
#include "stalebase/version/tracks.hpp"
#include "stalebase/version/variants.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using namespace stalebase::version;

namespace {

void require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

int sign(std::partial_ordering order) {
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

std::string reassembled(const Tag &t) {
  std::string out(t.prefix());
  if (t.has_v()) {
    out += 'v';
  }
  for (std::size_t i = 0; i < t.segment_count(); ++i) {
    if (i > 0) {
      out += t.separators()[i - 1];
    }
    out += t.segment(i);
  }
  out += t.prerelease();
  out += t.suffix();
  return out;
}

void check_one(std::string_view text, Scheme scheme) {
  const auto parsed = Tag::parse(text, scheme);
  if (!parsed) {
    require(parsed.error().message.rfind("invalid tag \"", 0) == 0);
    return;
  }
  const Tag &t = *parsed;
  require(t.to_string() == text);
  require(Tag::parse(t.to_string(), scheme).value() == t);
  require(!t.is_version() || reassembled(t) == text);
  require(t.is_version() == !t.track_key().empty());
  require(t.separators().size() + 1 == t.segment_count() ||
          (t.segment_count() == 0 && !t.is_version()));
  require(compare(t, t) == 0 && compare_versions(t, t) == 0);
  require(update_level(t, t) == UpdateLevel::none);
  require(propose(t, std::span<const Tag>(&t, 1)).empty());
}

void check_list(const std::vector<Tag> &tags) {
  for (const Tag &a : tags) {
    for (const Tag &b : tags) {
      require(sign(compare(a, b)) == -sign(compare(b, a)));
      require((compare(a, b) == 0) == (a == b));
      require(same_track(a, b) == same_track(b, a));
      require(update_level(a, b) == update_level(b, a));
      require(!(is_newer(a, b) && is_newer(b, a)));
      if (same_track(a, b)) {
        require(sign(compare_versions(a, b)) == -sign(compare_versions(b, a)));
        require((update_level(a, b) == UpdateLevel::none) ==
                (compare_versions(a, b) == 0));
      }
    }
  }
  for (const Track &track : group_tracks(tags)) {
    for (std::size_t i = 0; i + 1 < track.members.size(); ++i) {
      const Tag &a = tags[track.members[i]];
      const Tag &b = tags[track.members[i + 1]];
      // Oldest first; a tag listed twice is equal to itself.
      require(same_track(a, b) && compare(a, b) <= 0);
    }
  }
  for (const Tag &current : tags) {
    const Proposals p = propose(current, tags);
    for (const auto *slot : {&p.patch, &p.minor, &p.major}) {
      if (*slot) {
        require(is_newer((*slot)->tag, current));
        require((*slot)->level == update_level(current, (*slot)->tag));
      }
    }
    if (p.release) {
      require(current.is_prerelease() && !p.release->is_prerelease() &&
              same_core(*p.release, current));
    }
    // Variants that end: within the family, never an older OS release, and
    // never while the variant itself has the line's newest patch.
    if (const auto end = find_variant_end(current, tags)) {
      require(!end->carriers.empty());
      const auto mine = os_release_of_suffix(current.suffix());
      const auto theirs = os_release_of_suffix(end->suggestion.suffix());
      require(mine && theirs && theirs->kind == mine->kind &&
              theirs->rank > mine->rank);
      require(same_variant_family(end->suggestion, current));
      for (const Tag &carrier : end->carriers) {
        require(carrier.suffix() != current.suffix());
        require(same_variant_family(carrier, current));
      }
    }
    for (const VariantLine &line : variant_lines(current, tags)) {
      require(same_variant_family(line.last_build, current));
    }
    const bool floats = is_floating(current, tags);
    const auto candidates = floating_candidates(current, tags);
    require(floats || candidates.empty());
    for (const Tag &c : candidates) {
      require(c.is_version());
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  check_one(input, Scheme::generic);
  if (const auto release = os_release_of_suffix(input)) {
    require(release->offset + release->length <= input.size());
  }
  check_one(input, Scheme::windows);

  std::vector<Tag> tags;
  std::size_t start = 0;
  while (start <= input.size() && tags.size() < 64) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) {
      end = input.size();
    }
    auto parsed = Tag::parse(input.substr(start, end - start));
    if (parsed) {
      tags.push_back(std::move(*parsed));
    }
    start = end + 1;
  }
  check_list(tags);
  return 0;
}
