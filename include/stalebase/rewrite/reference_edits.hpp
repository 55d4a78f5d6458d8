#pragma once

// The edits that make one image reference read with another tag and/or digest,
// placed on the bytes its expanded value came from (the instruction's word, or
// an ARG default).

#include "stalebase/dockerfile/references.hpp"
#include "stalebase/reference/digest.hpp"
#include "stalebase/rewrite/edits.hpp"
#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::rewrite {

// What a reference should become. An empty `tag` keeps the tag as it is (a
// reference without a tag gets `:tag` inserted when `tag` is set); an empty
// `digest` keeps the digest or its absence, a set one replaces the digest or
// adds `@digest`: only a validated Digest is ever written.
struct Target {
  std::string tag;
  std::optional<reference::Digest> digest;
  friend bool operator==(const Target &, const Target &) = default;
};

// An edit and the file offset of the source byte it belongs to: the first byte
// it replaces, or the byte an insertion follows. It tells whose bytes the edit
// changes (the reference's own word or an ARG default).
struct PlacedEdit {
  Edit edit;
  std::size_t anchor = 0;
  friend bool operator==(const PlacedEdit &, const PlacedEdit &) = default;
};

struct ReferenceEdits {
  std::vector<PlacedEdit>
      edits;         // empty when the reference already reads as the target
  std::string after; // the expanded reference once the edits are applied
};

// Where the tag and digest sit in a reference `name[:tag][@digest]` (the text
// need not be valid: a `:` after the last `/` starts the tag, an `@` the
// digest).
struct ReferenceParts {
  std::size_t name_end = 0;                // end of the name (and of the tag)
  std::optional<std::size_t> tag_start;    // first byte of the tag, after ':'
  std::optional<std::size_t> digest_start; // first byte of the digest
};
ReferenceParts split_reference(std::string_view text);

// The reference `text` once `target` is applied: the tag replaced (or added
// when the target has one), the digest replaced or added.
std::string reference_after(std::string_view text, const Target &target);

// Where a digest (or tag) added to a reference goes when the reference ends in
// a variable.
enum class Placement {
  natural, // right after the last byte of the value, in the ARG default it came
           // from
  word_end, // at the end of the reference's word in the instruction
            // (`${BASE}@sha256:…`)
};

// Computes the smallest edits that turn `reference` (its `value`, whose origins
// point into `source`) into `target`: only the bytes that differ are replaced,
// a tag split over continuation lines is edited in place. Fails with a reason
// when the bytes to change are not in the file ("the tag comes from --build-arg
// or an automatic platform ARG, not from the file"), or are written in pieces
// not joined by line continuations.
Expected<ReferenceEdits, std::string>
reference_edits(std::string_view source,
                char escape,
                const dockerfile::ExtractedReference &reference,
                const Target &target,
                Placement placement = Placement::natural);

} // namespace stalebase::rewrite
