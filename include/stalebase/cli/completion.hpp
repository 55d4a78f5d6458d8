#pragma once

// `stalebase completion bash|zsh|fish`: shell completion scripts rendered
// from the CLI's own definition (cli/command_model.hpp). The installed
// completion files are this output.

#include "stalebase/cli/command_model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace stalebase::cli {

// The shells `completion` knows.
const std::vector<std::string> &completion_shells();

// The completion script for `shell` (one of completion_shells()): commands,
// flags, the values of flags with a fixed set (`--format`, `--color`,
// `--level`) or a comma list (`--fail-on`), and paths where a flag or
// argument is a file or folder. `models` as command_models() gives them.
std::string render_completion(const std::vector<CommandModel> &models,
                              std::string_view shell);

} // namespace stalebase::cli
