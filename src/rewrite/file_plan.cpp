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
  dockerfile::SourceSpan extent; // the word's bytes in the file
  bool global = false;           // before the first FROM
  std::size_t line = 0;
};

std::string arg_name(const std::string &word) {
  return word.substr(0, word.find('='));
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
      words.push_back(ArgWord{arg_name(word.text), word.extent(), !seen_from,
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

// Why reference `index` may not change the ARG default bytes its edits touch;
// empty when it may (or touches none). Sets `through_arg` when some edit is in
// an ARG default.
std::string
arg_refusal(std::size_t index,
            const std::vector<ExtractedReference> &references,
            const std::vector<std::optional<ReferenceEdits>> &computed,
            const std::vector<std::string> &refusals,
            const std::vector<ArgWord> &args,
            const std::set<std::string> &redeclared,
            bool &through_arg) {
  const ExtractedReference &reference = references[index];
  const std::vector<PlacedEdit> &own = computed[index]->edits;
  for (const PlacedEdit &placed : own) {
    if (contains(reference.span, placed.anchor)) {
      continue;
    }
    const auto word =
        std::find_if(args.begin(), args.end(), [&](const ArgWord &candidate) {
          return contains(candidate.extent, placed.anchor);
        });
    if (word == args.end()) {
      return "the bytes to change are neither in the reference nor in an ARG "
             "default";
    }
    through_arg = true;
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
    auto edits =
        reference_edits(source, document.escape, references[i], *targets[i]);
    if (edits) {
      computed[i] = std::move(*edits);
    } else {
      failures[i] = edits.error();
    }
  }

  std::vector<std::string> refusals(references.size());
  std::vector<bool> through_arg(references.size(), false);
  // Refusals spread: a reference sharing ARG bytes with a refused one is
  // refused too.
  const auto judge = [&] {
    for (std::size_t i = 0; i < references.size(); ++i) {
      refusals[i] = i < targets.size() && targets[i] && !computed[i]
                        ? failures[i]
                        : std::string();
      through_arg[i] = false;
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t i = 0; i < references.size(); ++i) {
        if (!computed[i] || computed[i]->edits.empty() ||
            !refusals[i].empty()) {
          continue;
        }
        bool via_arg = false;
        refusals[i] = arg_refusal(i, references, computed, refusals, args,
                                  redeclared, via_arg);
        through_arg[i] = via_arg;
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
    if (!refusals[i].empty()) {
      plan.skipped.push_back(Skip{i, line, refusals[i]});
      continue;
    }
    if (!computed[i] || computed[i]->edits.empty()) {
      continue;
    }
    for (const PlacedEdit &placed : computed[i]->edits) {
      plan.edits.push_back(placed.edit);
    }
    plan.changes.push_back(Change{i, line, references[i].expanded,
                                  computed[i]->after, through_arg[i]});
  }
  std::sort(plan.edits.begin(), plan.edits.end());
  plan.edits.erase(std::unique(plan.edits.begin(), plan.edits.end()),
                   plan.edits.end());
  return plan;
}

} // namespace stalebase::rewrite
