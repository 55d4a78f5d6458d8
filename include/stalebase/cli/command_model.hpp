#pragma once

// The commands and flags of the CLI11 definition, read back from the parser
// itself: the manual page (`stalebase manpage`) and the shell completions
// (`stalebase completion`) are rendered from this, so neither can drift from
// what the program accepts.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace stalebase::cli {

// What a flag's value (or a positional argument) is, for completion.
enum class ValueKind {
  none,   // a flag without a value
  text,   // anything: no completion besides `choices`
  file,   // a file or folder path (`FILE`, `PATH`, and after `=` in
          // `FORMAT=PATH`)
  folder, // a folder path (`DIR`)
};

struct FlagModel {
  std::vector<std::string> names; // "-v", "--verbose"; a positional's name
  std::string value_name; // "FILE", "TEXT", "FORMAT=PATH"; empty for a flag
  ValueKind value = ValueKind::none;
  // The values it accepts: an IsMember set, or the words of a comma list
  // (`--fail-on`, where `list` is true).
  std::vector<std::string> choices;
  bool list = false;
  bool repeatable = false;
  bool required = false;
  std::string help;
  std::string group; // "Options", "Global options"
};

struct CommandModel {
  std::string name; // empty for the program itself
  std::string description;
  std::vector<FlagModel> flags;       // in definition order, --help first
  std::vector<FlagModel> positionals; // in order
};

// The program's own flags (name empty) first, then every command shown in
// --help, in definition order. Hidden commands (group "") are left out.
std::vector<CommandModel> command_models(CLI::App &app);

} // namespace stalebase::cli
