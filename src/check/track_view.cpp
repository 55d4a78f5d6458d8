#include "stalebase/check/track_view.hpp"

#include "stalebase/version/floating.hpp"
#include "stalebase/version/variants.hpp"
#include "stalebase/version/windows.hpp"

#include "lookups.hpp"

#include <algorithm>

namespace stalebase::check {

namespace {

// True when `tag` is a shorter version of `current`'s family whose numbers
// start `current`'s (`3.12-slim` and `3-slim` for `3.12.1-slim`).
bool floats_over(const version::Tag &tag, const version::Tag &current) {
  if (tag.kind() != current.kind() || tag.prefix() != current.prefix() ||
      tag.has_v() != current.has_v() || tag.suffix() != current.suffix() ||
      tag.is_prerelease() || tag.segment_count() >= current.segment_count()) {
    return false;
  }
  for (std::size_t i = 0; i < tag.segment_count(); ++i) {
    if (version::compare_numbers(tag.segment(i), current.segment(i)) != 0) {
      return false;
    }
  }
  return true;
}

FloatingTag describe_floating(Lookups &lookups,
                              const reference::ImageReference &image,
                              const version::Tag &tag,
                              const std::vector<version::Tag> &tags) {
  FloatingTag floating{tag.to_string(), "", {}};
  const DigestAnswer &head = lookups.resolve_tag(image, tag.to_string());
  if (!head) {
    return floating;
  }
  floating.digest = head->digest;
  std::size_t probes = 0;
  for (const version::Tag &candidate :
       version::floating_candidates(tag, tags)) {
    if (probes++ == k_max_floating_probes) {
      break;
    }
    const DigestAnswer &answer =
        lookups.resolve_tag(image, candidate.to_string());
    if (answer && answer->digest == floating.digest) {
      floating.equals.push_back(candidate.to_string());
      break;
    }
  }
  return floating;
}

} // namespace

std::string_view to_string(Relation relation) {
  switch (relation) {
  case Relation::newer:
    return "newer";
  case Relation::current:
    return "current";
  case Relation::same_version:
    return "same-version";
  case Relation::older:
    return "older";
  }
  return "newer";
}

Expected<TrackView, registry::RegistryError>
track_view(registry::Registry &registry,
           const reference::ImageReference &reference) {
  Lookups lookups(registry);
  const TagsAnswer &listed = lookups.tags(reference);
  if (!listed) {
    return Unexpected(listed.error());
  }
  const version::Scheme scheme =
      version::scheme_for_repository(reference.name());
  const std::vector<version::Tag> tags = version::parse_tags(*listed, scheme);
  TrackView view;
  view.tag = reference.effective_tag();
  if (view.tag.empty()) {
    return view; // digest only: no tag, no track
  }
  auto parsed = version::Tag::parse(view.tag, scheme);
  if (!parsed) {
    return view;
  }
  const version::Tag &current = *parsed;
  view.track = current.track_name();

  if (current.is_version()) {
    std::vector<const version::Tag *> members;
    for (const version::Tag &tag : tags) {
      if (version::same_track(tag, current)) {
        members.push_back(&tag);
      }
    }
    std::sort(members.begin(), members.end(),
              [](const version::Tag *a, const version::Tag *b) {
                return version::compare(*b, *a) < 0;
              });
    for (const version::Tag *tag : members) {
      Relation relation = Relation::older;
      if (tag->to_string() == current.to_string()) {
        relation = Relation::current;
      } else if (version::is_newer(*tag, current)) {
        relation = Relation::newer;
      } else if (version::compare_versions(*tag, current) == 0) {
        relation = Relation::same_version;
      }
      view.tags.push_back(TrackTag{tag->to_string(), relation,
                                   version::update_level(current, *tag),
                                   tag->is_prerelease()});
    }
  }

  std::vector<const version::Tag *> floating;
  if (current.kind() != version::TagKind::hash &&
      version::is_floating(current, tags)) {
    floating.push_back(&current);
  }
  std::vector<const version::Tag *> family;
  for (const version::Tag &tag : tags) {
    if (floats_over(tag, current) && version::is_floating(tag, tags)) {
      family.push_back(&tag);
    }
  }
  std::sort(family.begin(), family.end(),
            [](const version::Tag *a, const version::Tag *b) {
              return a->segment_count() > b->segment_count();
            });
  floating.insert(floating.end(), family.begin(), family.end());
  if (current.is_version()) {
    for (const version::Tag &tag : tags) {
      if (tag.kind() != version::TagKind::name ||
          tag.to_string() == current.to_string()) {
        continue;
      }
      const std::vector<version::Tag> candidates =
          version::floating_candidates(tag, tags);
      if (std::any_of(candidates.begin(), candidates.end(),
                      [&](const version::Tag &candidate) {
                        return version::same_track(candidate, current);
                      })) {
        floating.push_back(&tag);
      }
    }
  }
  for (const version::Tag *tag : floating) {
    view.floating.push_back(describe_floating(lookups, reference, *tag, tags));
  }
  for (const version::VariantLine &line :
       version::variant_lines(current, tags)) {
    view.variants.push_back(VariantTag{line.suffix, line.last_build.to_string(),
                                       line.current, line.ended});
  }
  return view;
}

} // namespace stalebase::check
