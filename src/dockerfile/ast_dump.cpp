#include "stalebase/dockerfile/ast_dump.hpp"

#include "dockerfile/go_text.hpp"

namespace stalebase::dockerfile {

std::string dump_instruction(const Instruction &instruction) {
  std::string out = instruction.keyword;
  if (!instruction.flags.empty()) {
    out += " [";
    bool first = true;
    for (const TrackedString &flag : instruction.flags) {
      if (!first) {
        out.push_back(' ');
      }
      first = false;
      detail::append_go_quoted(out, flag.text);
    }
    out.push_back(']');
  }
  if (instruction.onbuild) {
    out += " (" + dump_instruction(*instruction.onbuild) + ")";
  }
  for (const TrackedString &arg : instruction.args) {
    out.push_back(' ');
    detail::append_go_quoted(out, arg.text);
  }
  // Node.Dump trims the result; only an empty keyword leaves a leading space.
  const std::size_t begin = detail::skip_go_space(out, 0, out.size());
  const std::size_t end = detail::trim_go_space_right(out, begin, out.size());
  return out.substr(begin, end - begin);
}

std::string dump_ast(const Document &document) {
  std::string out;
  for (const Instruction &instruction : document.instructions) {
    out.push_back('(');
    out += dump_instruction(instruction);
    out += ")\n";
  }
  return out;
}

} // namespace stalebase::dockerfile
