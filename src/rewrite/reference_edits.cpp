#include "stalebase/rewrite/reference_edits.hpp"

#include "stalebase/reference/grammar.hpp"

#include <algorithm>
#include <optional>

namespace stalebase::rewrite {

namespace {

using dockerfile::TrackedString;

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// Whether `gap` (source bytes between two pieces of one word) is only a line
// continuation: the escape character, blanks, a line ending, then blank or
// comment lines and blanks.
bool is_continuation(std::string_view gap, char escape) {
  if (gap.empty() || gap.front() != escape) {
    return false;
  }
  std::size_t i = 1;
  while (i < gap.size() && is_blank(gap[i])) {
    ++i;
  }
  if (i >= gap.size() || gap[i] != '\n') {
    return false;
  }
  ++i;
  while (i < gap.size()) {
    std::size_t line_end = gap.find('\n', i);
    const bool last = line_end == std::string_view::npos;
    if (last) {
      line_end = gap.size();
    }
    std::size_t j = i;
    while (j < line_end && is_blank(gap[j])) {
      ++j;
    }
    if (j < line_end && (last || gap[j] != '#')) {
      return false;
    }
    i = line_end + 1;
  }
  return true;
}

std::optional<std::size_t> origin_of(const TrackedString &value,
                                     std::size_t index) {
  if (index >= value.origins.size() ||
      value.origins[index] == TrackedString::k_no_origin) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(value.origins[index]);
}

class Planner {
public:
  Planner(std::string_view source,
          char escape,
          const TrackedString &value,
          std::string what)
      : m_source(source), m_escape(escape), m_value(value),
        m_what(std::move(what)) {}

  // Replaces the expanded bytes [begin, end) with `text`, touching only the
  // bytes that differ.
  Expected<bool, std::string>
  replace(std::size_t begin, std::size_t end, const std::string &text) {
    const std::string_view old =
        std::string_view(m_value.text).substr(begin, end - begin);
    std::size_t prefix = 0;
    while (prefix < old.size() && prefix < text.size() &&
           old[prefix] == text[prefix]) {
      ++prefix;
    }
    std::size_t suffix = 0;
    while (suffix < old.size() - prefix && suffix < text.size() - prefix &&
           old[old.size() - 1 - suffix] == text[text.size() - 1 - suffix]) {
      ++suffix;
    }
    const std::size_t first = begin + prefix;
    const std::size_t last = end - suffix; // exclusive
    const std::string middle =
        text.substr(prefix, text.size() - prefix - suffix);
    if (first == last) {
      if (middle.empty()) {
        return true;
      }
      return first > 0 ? insert_after(first - 1, middle)
                       : insert_before(first, middle);
    }
    // Runs of consecutive file offsets: the first gets the new bytes, the
    // others are emptied.
    std::vector<dockerfile::SourceSpan> runs;
    for (std::size_t i = first; i < last; ++i) {
      const auto origin = origin_of(m_value, i);
      if (!origin) {
        return Unexpected(not_in_file());
      }
      if (!runs.empty() && runs.back().end() == *origin) {
        ++runs.back().length;
      } else {
        runs.push_back({*origin, 1});
      }
    }
    for (std::size_t i = 1; i < runs.size(); ++i) {
      if (runs[i].offset < runs[i - 1].end() ||
          !is_continuation(m_source.substr(runs[i - 1].end(),
                                           runs[i].offset - runs[i - 1].end()),
                           m_escape)) {
        return Unexpected(
            "the " + m_what +
            " is written in pieces that are not joined by line continuations");
      }
    }
    // Each piece keeps as many bytes as it had (the last takes the rest), so
    // that no continuation line is left empty.
    std::size_t used = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const std::size_t count =
          i + 1 == runs.size() ? middle.size() - used
                               : std::min(runs[i].length, middle.size() - used);
      m_edits.push_back(
          {Edit{runs[i], middle.substr(used, count)}, runs[i].offset});
      used += count;
    }
    return true;
  }

  // Inserts `text` just after the source byte of expanded byte `index`.
  Expected<bool, std::string> insert_after(std::size_t index,
                                           const std::string &text) {
    const auto origin = origin_of(m_value, index);
    if (!origin) {
      return Unexpected(not_in_file());
    }
    m_edits.push_back({Edit{{*origin + 1, 0}, text}, *origin});
    return true;
  }

  Expected<bool, std::string> insert_before(std::size_t index,
                                            const std::string &text) {
    const auto origin = origin_of(m_value, index);
    if (!origin) {
      return Unexpected(not_in_file());
    }
    m_edits.push_back({Edit{{*origin, 0}, text}, *origin});
    return true;
  }

  // Inserts `text` at file offset `offset`, as belonging to the byte at
  // `anchor`.
  Expected<bool, std::string>
  insert_at(std::size_t offset, std::size_t anchor, const std::string &text) {
    m_edits.push_back({Edit{{offset, 0}, text}, anchor});
    return true;
  }

  void set_what(std::string what) { m_what = std::move(what); }
  // The edits, with insertions at one offset joined in the order they were
  // planned: a tag that grows (`3.12.1` → `3.12.14`) and the digest added
  // after it are one edit of one reference, not two that clash.
  std::vector<PlacedEdit> take() {
    std::vector<PlacedEdit> joined;
    for (PlacedEdit &placed : m_edits) {
      const auto same = std::find_if(
          joined.begin(), joined.end(), [&](const PlacedEdit &other) {
            return other.edit.span.length == 0 &&
                   placed.edit.span.length == 0 &&
                   other.edit.span.offset == placed.edit.span.offset;
          });
      if (same == joined.end()) {
        joined.push_back(std::move(placed));
      } else {
        same->edit.replacement += placed.edit.replacement;
      }
    }
    m_edits.clear();
    return joined;
  }

private:
  std::string not_in_file() const {
    return "the " + m_what +
           " comes from --build-arg or an automatic platform ARG, not from the "
           "file";
  }

  std::string_view m_source;
  char m_escape;
  const TrackedString &m_value;
  std::string m_what;
  std::vector<PlacedEdit> m_edits;
};

} // namespace

ReferenceParts split_reference(std::string_view text) {
  ReferenceParts parts;
  const std::size_t at = text.find('@');
  parts.name_end = at == std::string_view::npos ? text.size() : at;
  if (at != std::string_view::npos) {
    parts.digest_start = at + 1;
  }
  const std::size_t slash = text.substr(0, parts.name_end).rfind('/');
  const std::size_t from = slash == std::string_view::npos ? 0 : slash + 1;
  const std::size_t colon = text.substr(0, parts.name_end).find(':', from);
  if (colon != std::string_view::npos) {
    parts.tag_start = colon + 1;
  }
  return parts;
}

std::string reference_after(std::string_view text, const Target &target) {
  const ReferenceParts parts = split_reference(text);
  const std::string_view old_tag =
      parts.tag_start
          ? text.substr(*parts.tag_start, parts.name_end - *parts.tag_start)
          : std::string_view();
  const std::string_view old_digest = parts.digest_start
                                          ? text.substr(*parts.digest_start)
                                          : std::string_view();
  std::string after(
      text.substr(0, parts.tag_start ? *parts.tag_start - 1 : parts.name_end));
  if (parts.tag_start || !target.tag.empty()) {
    after += ':';
    after += target.tag.empty() ? old_tag : std::string_view(target.tag);
  }
  const std::string_view digest =
      target.digest ? std::string_view(target.digest->str()) : old_digest;
  if (!digest.empty()) {
    after += '@';
    after += digest;
  }
  return after;
}

Expected<ReferenceEdits, std::string>
reference_edits(std::string_view source,
                char escape,
                const dockerfile::ExtractedReference &reference,
                const Target &target,
                Placement placement) {
  // Whatever the target's source (a registry, the cache on disk), only a valid
  // tag is ever written (a digest is valid by its type): nothing else can
  // reach a Dockerfile.
  if (!target.tag.empty()) {
    if (auto valid = reference::validate_tag(target.tag); !valid) {
      return Unexpected(valid.error());
    }
  }
  const TrackedString &value = reference.value;
  const std::string &text = value.text;
  if (text.empty()) {
    return Unexpected(std::string("the reference is empty"));
  }
  if (value.origins.size() != text.size() ||
      std::find(value.origins.begin(), value.origins.end(),
                TrackedString::k_no_origin) != value.origins.end()) {
    return Unexpected(std::string(
        "the reference comes from --build-arg or an automatic platform "
        "ARG, not from the file"));
  }
  const ReferenceParts parts = split_reference(text);
  const std::string old_tag =
      parts.tag_start
          ? text.substr(*parts.tag_start, parts.name_end - *parts.tag_start)
          : "";
  const std::string old_digest =
      parts.digest_start ? text.substr(*parts.digest_start) : "";
  const bool change_tag =
      !target.tag.empty() && (target.tag != old_tag || !parts.tag_start);
  const bool change_digest = target.digest && *target.digest != old_digest;

  ReferenceEdits result;
  result.after = reference_after(text, target);
  if (!change_tag && !change_digest) {
    return result;
  }

  Planner planner(source, escape, value, "tag");
  // Bytes inserted right after the name: a new tag and/or a new digest, in one
  // edit.
  std::string insertion;
  if (change_tag) {
    if (parts.tag_start) {
      auto done = planner.replace(*parts.tag_start, parts.name_end, target.tag);
      if (!done) {
        return Unexpected(std::move(done).error());
      }
    } else {
      insertion += ":" + target.tag;
    }
  }
  if (change_digest) {
    planner.set_what("digest");
    if (parts.digest_start) {
      auto done =
          planner.replace(*parts.digest_start, text.size(), *target.digest);
      if (!done) {
        return Unexpected(std::move(done).error());
      }
    } else {
      insertion += "@" + *target.digest;
    }
  }
  if (!insertion.empty()) {
    planner.set_what("reference");
    const auto last = origin_of(value, parts.name_end - 1);
    const bool at_word_end =
        placement == Placement::word_end && last &&
        (*last < reference.span.offset || *last >= reference.span.end()) &&
        reference.span.length > 0;
    auto done = at_word_end
                    ? planner.insert_at(reference.span.end(),
                                        reference.span.end() - 1, insertion)
                    : planner.insert_after(parts.name_end - 1, insertion);
    if (!done) {
      return Unexpected(std::move(done).error());
    }
  }
  result.edits = planner.take();
  return result;
}

} // namespace stalebase::rewrite
