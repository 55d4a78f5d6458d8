#include "stalebase/rewrite/file_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace stalebase::rewrite {

namespace {

using dockerfile::ExtractedReference;
using dockerfile::Instruction;

// An ARG declaration's word (`NAME=default`) and where it is.
struct ArgWord {
  std::string name;
  std::string value;             // the default, as expanded
  dockerfile::SourceSpan extent; // the word's bytes in the file
  bool global = false;           // before the first FROM
  std::size_t line = 0;
};

std::string arg_name(const std::string &word) {
  return word.substr(0, word.find('='));
}

std::string arg_value(const std::string &word) {
  const std::size_t equals = word.find('=');
  return equals == std::string::npos ? "" : word.substr(equals + 1);
}

std::vector<ArgWord> arg_words(const dockerfile::Document &document) {
  std::vector<ArgWord> words;
  bool seen_from = false;
  for (const Instruction &instruction : document.instructions) {
    if (instruction.keyword == "from") {
      seen_from = true;
    }
    if (instruction.keyword != "arg") {
      continue;
    }
    for (const auto &word : instruction.args) {
      words.push_back(ArgWord{arg_name(word.text), arg_value(word.text),
                              word.extent(), !seen_from,
                              instruction.start_line});
    }
  }
  return words;
}

// Names re-declared without a value inside a stage (`ARG NAME` after a FROM),
// which makes the global default visible to that stage's instructions. ONBUILD
// ARG counts too.
std::set<std::string> redeclared_names(const dockerfile::Document &document) {
  std::set<std::string> names;
  bool seen_from = false;
  for (const Instruction &instruction : document.instructions) {
    if (instruction.keyword == "from") {
      seen_from = true;
      continue;
    }
    const Instruction *inner = &instruction;
    if (instruction.keyword == "onbuild" && instruction.onbuild) {
      inner = instruction.onbuild.get();
    }
    if (!seen_from || inner->keyword != "arg") {
      continue;
    }
    for (const auto &word : inner->args) {
      if (word.text.find('=') == std::string::npos) {
        names.insert(word.text);
      }
    }
  }
  return names;
}

bool contains(const dockerfile::SourceSpan &span, std::size_t offset) {
  return offset >= span.offset && offset < span.end();
}

bool uses_bytes(const ExtractedReference &reference,
                const dockerfile::SourceSpan &span) {
  return std::any_of(reference.value.origins.begin(),
                     reference.value.origins.end(), [&](std::int64_t origin) {
                       return origin >= 0 &&
                              contains(span, static_cast<std::size_t>(origin));
                     });
}

std::vector<Edit> edits_within(const std::vector<PlacedEdit> &edits,
                               const dockerfile::SourceSpan &span) {
  std::vector<Edit> result;
  for (const PlacedEdit &placed : edits) {
    if (contains(span, placed.anchor)) {
      result.push_back(placed.edit);
    }
  }
  std::sort(result.begin(), result.end());
  result.erase(std::unique(result.begin(), result.end()), result.end());
  return result;
}

// The ARG word whose bytes hold file offset `offset`, if any.
const ArgWord *arg_at(const std::vector<ArgWord> &args, std::size_t offset) {
  const auto word =
      std::find_if(args.begin(), args.end(), [&](const ArgWord &candidate) {
        return contains(candidate.extent, offset);
      });
  return word == args.end() ? nullptr : &*word;
}

// Whether a digest added after the last byte of `reference`'s name may go into
// the ARG default that byte came from: only when that default is the whole
// reference, or the whole reference is literal text of its own word followed
// by that whole default. An ARG holding part of the reference (`-${DISTRO}`)
// would otherwise pin one value of another ARG (`${GO_VERSION}`) that
// --build-arg can still change, and the build would silently use the old image.
bool digest_fits_default(const ExtractedReference &reference,
                         const std::vector<ArgWord> &args) {
  const dockerfile::TrackedString &value = reference.value;
  const std::size_t end = std::min(value.text.find('@'), value.text.size());
  if (end == 0 || value.origins.size() != value.text.size()) {
    return true; // nothing to place, or not from the file: decided elsewhere
  }
  const auto origin = [&](std::size_t i) { return value.origins[i]; };
  if (origin(end - 1) < 0 ||
      contains(reference.span, static_cast<std::size_t>(origin(end - 1)))) {
    return true;
  }
  const ArgWord *word = arg_at(args, static_cast<std::size_t>(origin(end - 1)));
  if (word == nullptr) {
    return true;
  }
  std::size_t start = end;
  while (start > 0 && origin(start - 1) >= 0 &&
         contains(word->extent, static_cast<std::size_t>(origin(start - 1)))) {
    --start;
  }
  if (value.text.compare(start, end - start, word->value) != 0) {
    return false;
  }
  for (std::size_t i = 0; i < start; ++i) {
    if (origin(i) < 0 ||
        !contains(reference.span, static_cast<std::size_t>(origin(i)))) {
      return false;
    }
  }
  return true;
}

// The note of a digest written at the end of the reference's word while ARG
// defaults make up the rest: the digest is right for these values only (as
// `edits` leave them).
std::string pin_note(std::string_view source,
                     const ExtractedReference &reference,
                     const std::vector<ArgWord> &args,
                     const std::vector<PlacedEdit> &edits) {
  std::string values;
  for (const std::string &name : reference.args) {
    const auto word =
        std::find_if(args.begin(), args.end(), [&](const ArgWord &candidate) {
          return candidate.name == name &&
                 uses_bytes(reference, candidate.extent);
        });
    values += (values.empty() ? "" : ", ") + name;
    if (word == args.end()) {
      continue;
    }
    std::vector<Edit> own = edits_within(edits, word->extent);
    if (own.empty()) {
      values += "=" + word->value;
      continue;
    }
    // The default as the edits write it.
    for (Edit &edit : own) {
      edit.span.offset -= word->extent.offset;
    }
    const auto edited = apply_edits(
        source.substr(word->extent.offset, word->extent.length), own);
    values += "=" + (edited ? arg_value(*edited) : word->value);
  }
  return "the digest holds only while the ARG values are " + values;
}

// Why reference `index` may not change the ARG default bytes its edits touch;
// empty when it may (or touches none). Sets `through` to the ARG word when some
// edit is in an ARG default.
std::string
arg_refusal(std::size_t index,
            const std::vector<ExtractedReference> &references,
            const std::vector<std::optional<ReferenceEdits>> &computed,
            const std::vector<std::string> &refusals,
            const std::vector<ArgWord> &args,
            const std::set<std::string> &redeclared,
            const ArgWord *&through) {
  const ExtractedReference &reference = references[index];
  const std::vector<PlacedEdit> &own = computed[index]->edits;
  for (const PlacedEdit &placed : own) {
    if (contains(reference.span, placed.anchor)) {
      continue;
    }
    const ArgWord *word = arg_at(args, placed.anchor);
    if (word == nullptr) {
      return "the bytes to change are neither in the reference nor in an ARG "
             "default";
    }
    through = word;
    const std::string origin = "it comes from the default of ARG " +
                               word->name + " on line " +
                               std::to_string(word->line);
    if (!word->global) {
      return origin +
             ", declared inside a stage where other instructions may use it";
    }
    std::vector<std::string> names = reference.args;
    names.push_back(word->name);
    for (const std::string &name : names) {
      if (redeclared.count(name) != 0) {
        return origin + ", and a stage re-declares ARG " + name +
               ", so other instructions use it too";
      }
    }
    const std::vector<Edit> mine = edits_within(own, word->extent);
    for (std::size_t j = 0; j < references.size(); ++j) {
      if (j == index || !uses_bytes(references[j], word->extent)) {
        continue;
      }
      const bool same =
          computed[j] && refusals[j].empty() &&
          references[j].status == dockerfile::ReferenceStatus::image &&
          edits_within(computed[j]->edits, word->extent) == mine;
      if (!same) {
        return origin + ", which also feeds the reference on line " +
               std::to_string(references[j].instruction_line) + " (" +
               (references[j].expanded.empty() ? references[j].raw
                                               : references[j].expanded) +
               ") that would not get the same change";
      }
    }
  }
  return "";
}

} // namespace

bool admit_change(FilePlan &plan,
                  std::size_t index,
                  std::size_t line,
                  const std::string &refusal,
                  const std::vector<std::optional<ReferenceEdits>> &edits,
                  std::string_view what) {
  if (!refusal.empty()) {
    plan.skipped.push_back(Skip{index, line, refusal});
    return false;
  }
  if (!edits[index] || edits[index]->edits.empty()) {
    return false;
  }
  for (const Change &change : plan.changes) {
    for (const PlacedEdit &own : edits[index]->edits) {
      for (const PlacedEdit &theirs : edits[change.reference]->edits) {
        if (edits_clash(own.edit, theirs.edit)) {
          plan.skipped.push_back(Skip{index, line,
                                      "its edit clashes with the one of the " +
                                          std::string(what) + " on line " +
                                          std::to_string(change.line)});
          return false;
        }
      }
    }
  }
  return true;
}

FilePlan plan_file(std::string_view source,
                   const dockerfile::Document &document,
                   const std::vector<ExtractedReference> &references,
                   const std::vector<std::optional<Target>> &targets) {
  FilePlan plan;
  const std::vector<ArgWord> args = arg_words(document);
  const std::set<std::string> redeclared = redeclared_names(document);

  // First every reference's own edits, then the ARG rule, which compares them.
  std::vector<std::optional<ReferenceEdits>> computed(references.size());
  std::vector<std::string> failures(references.size());
  for (std::size_t i = 0; i < references.size(); ++i) {
    if (i >= targets.size() || !targets[i]) {
      continue;
    }
    const Placement placement = digest_fits_default(references[i], args)
                                    ? Placement::natural
                                    : Placement::word_end;
    auto edits = reference_edits(source, document.escape, references[i],
                                 *targets[i], placement);
    if (edits) {
      computed[i] = std::move(*edits);
    } else {
      failures[i] = edits.error();
    }
  }

  std::vector<std::string> refusals(references.size());
  std::vector<const ArgWord *> through(references.size(), nullptr);
  // Refusals spread: a reference sharing ARG bytes with a refused one is
  // refused too.
  const auto judge = [&] {
    for (std::size_t i = 0; i < references.size(); ++i) {
      refusals[i] = i < targets.size() && targets[i] && !computed[i]
                        ? failures[i]
                        : std::string();
      through[i] = nullptr;
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t i = 0; i < references.size(); ++i) {
        if (!computed[i] || computed[i]->edits.empty() ||
            !refusals[i].empty()) {
          continue;
        }
        refusals[i] = arg_refusal(i, references, computed, refusals, args,
                                  redeclared, through[i]);
        changed = changed || !refusals[i].empty();
      }
    }
  };
  judge();
  // A refused reference whose digest would go into an ARG default may take
  // it at the end of its own word instead (`FROM python:${V}@sha256:…`),
  // leaving the ARG alone.
  bool moved = false;
  for (std::size_t i = 0; i < references.size(); ++i) {
    if (refusals[i].empty() || !computed[i]) {
      continue;
    }
    auto alternative = reference_edits(source, document.escape, references[i],
                                       *targets[i], Placement::word_end);
    if (alternative && alternative->edits != computed[i]->edits) {
      computed[i] = std::move(*alternative);
      moved = true;
    }
  }
  if (moved) {
    judge();
  }
  for (std::size_t i = 0; i < references.size(); ++i) {
    const std::size_t line = references[i].instruction_line;
    if (!admit_change(plan, i, line, refusals[i], computed, "reference")) {
      continue;
    }
    for (const PlacedEdit &placed : computed[i]->edits) {
      plan.edits.push_back(placed.edit);
    }
    Change change;
    change.reference = i;
    change.line = line;
    change.before = references[i].expanded;
    change.after = computed[i]->after;
    if (through[i] != nullptr) {
      change.through_arg = true;
      change.arg = through[i]->name;
      change.arg_line = through[i]->line;
    }
    // A digest added in the reference's own word after ARG-made text.
    const bool digest_in_word = std::any_of(
        computed[i]->edits.begin(), computed[i]->edits.end(),
        [&](const PlacedEdit &placed) {
          return placed.edit.replacement.find('@') != std::string::npos &&
                 placed.edit.span.offset >= references[i].span.offset &&
                 placed.edit.span.offset <= references[i].span.end();
        });
    if (digest_in_word && !references[i].args.empty()) {
      change.note = pin_note(source, references[i], args, computed[i]->edits);
    }
    plan.changes.push_back(std::move(change));
  }
  std::sort(plan.edits.begin(), plan.edits.end());
  plan.edits.erase(std::unique(plan.edits.begin(), plan.edits.end()),
                   plan.edits.end());
  return plan;
}

} // namespace stalebase::rewrite
