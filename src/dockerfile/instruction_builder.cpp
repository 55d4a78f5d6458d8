#include "dockerfile/instruction_builder.hpp"

#include "dockerfile/go_text.hpp"
#include "dockerfile/line_parsers.hpp"
#include "dockerfile/split_command.hpp"

#include <string_view>

namespace stalebase::dockerfile::detail {

// Keywords compare as string_views: lengths first, no strlen().
using namespace std::string_view_literals;

namespace {

Expected<void, std::string> build(const LogicalLine &line,
                                  std::size_t begin,
                                  std::size_t end,
                                  char escape,
                                  ParseScratch &scratch,
                                  Instruction &instruction,
                                  bool nested) {
  SplitCommand split = split_command(line, begin, end, scratch);
  const std::string_view keyword =
      std::string_view(line.text())
          .substr(split.keyword_begin, split.keyword_end - split.keyword_begin);
  instruction.original_keyword = std::string(keyword);
  if (!keyword.empty()) {
    instruction.span.offset = line.origin(split.keyword_begin);
  }
  instruction.keyword = go_lower_keyword(keyword);
  instruction.flags = std::move(split.flags);

  if (instruction.keyword != "onbuild"sv) {
    scratch.nodes.clear();
    instruction.args.clear();
    auto json =
        parse_arguments(instruction.keyword, line, split.rest_begin,
                        split.rest_end, escape, scratch, instruction.args);
    if (!json) {
      scratch.nodes.clear();
      return Unexpected(std::move(json).error());
    }
    instruction.json_form = *json;
    return {};
  }
  if (nested) {
    return Unexpected(
        std::string("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));
  }
  if (split.rest_begin == split.rest_end) {
    return {};
  }
  auto child = std::make_shared<Instruction>();
  if (auto built = build(line, split.rest_begin, split.rest_end, escape,
                         scratch, *child, true);
      !built) {
    return built;
  }
  instruction.onbuild = std::move(child);
  return {};
}

} // namespace

Expected<void, std::string> build_instruction(const LogicalLine &line,
                                              std::size_t begin,
                                              std::size_t end,
                                              char escape,
                                              ParseScratch &scratch,
                                              Instruction &instruction) {
  return build(line, begin, end, escape, scratch, instruction, false);
}

bool can_contain_heredoc(const Instruction &instruction) {
  const Instruction *target = &instruction;
  if (instruction.keyword == "onbuild"sv && instruction.onbuild) {
    target = instruction.onbuild.get();
  }
  const std::string &keyword = target->keyword;
  return (keyword == "add"sv || keyword == "copy"sv || keyword == "run"sv) &&
         !target->json_form;
}

} // namespace stalebase::dockerfile::detail
