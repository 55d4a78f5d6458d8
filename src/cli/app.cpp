#include "stalebase/cli/app.hpp"

#include "stalebase/cli/build_revision.hpp"
#include "stalebase/util/allocator.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/util/shown_text.hpp"
#include "stalebase/util/spellcheck.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace stalebase::cli {

namespace {

// `%*`: the message with its control characters escaped. Messages carry text
// from registries, Dockerfiles and file names; none may write to the terminal
// or start a line of its own in a CI log.
class EscapedMessage : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg &message,
              const std::tm &,
              spdlog::memory_buf_t &out) override {
    const std::string text = util::escape_control(
        std::string_view(message.payload.data(), message.payload.size()));
    out.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<EscapedMessage>();
  }
};

// Logs go to stderr only: stdout is for results.
void configure_logging(const GlobalOptions &global) {
  auto logger = spdlog::stderr_color_mt("stalebase");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<EscapedMessage>('*').set_pattern("stalebase: %l: %*");
  logger->set_formatter(std::move(formatter));
  if (global.quiet) {
    logger->set_level(spdlog::level::err);
  } else if (global.verbosity >= 2) {
    logger->set_level(spdlog::level::trace);
  } else if (global.verbosity == 1) {
    logger->set_level(spdlog::level::debug);
  } else {
    logger->set_level(spdlog::level::warn);
  }
  spdlog::set_default_logger(logger);
}

// -v, -q and --color, on `command` (the program or one of its commands): users
// type them before the command (`stalebase -v check`) and after it
// (`stalebase check -v .`), and each command's --help lists them.
void add_global_options(CLI::App &command, GlobalOptions &global) {
  const std::string group = "Global options";
  command
      .add_flag_function(
          "-v,--verbose",
          [&global](std::int64_t count) {
            global.verbosity += static_cast<int>(count);
          },
          "More detail on stderr (repeat for more)")
      ->group(group);
  command
      .add_flag_callback(
          "-q,--quiet", [&global] { global.quiet = true; },
          "Only errors on stderr")
      ->group(group);
  command
      .add_option("--color", global.color,
                  "Colour: auto, always or never (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->group(group);
}

std::vector<std::string> option_names(const CLI::App &command) {
  std::vector<std::string> names;
  for (const CLI::Option *option : command.get_options()) {
    for (const std::string &name : option->get_lnames()) {
      names.push_back("--" + name);
    }
  }
  return names;
}

// "did you mean" for the first word `command` did not know: an option
// starting with `--`, or (for the program) a command. Empty when nothing is
// close.
std::string did_you_mean(const CLI::App &command, bool is_program) {
  for (const std::string &extra : command.remaining()) {
    if (extra.rfind("--", 0) == 0) {
      const std::string name = extra.substr(0, extra.find('='));
      if (const auto match = util::closest_match(name, option_names(command))) {
        return "unknown option \"" + name + "\"" +
               (is_program ? "" : " for " + command.get_name()) +
               ", did you mean \"" + *match + "\"?";
      }
    } else if (is_program && extra.rfind('-', 0) != 0) {
      std::vector<std::string> names;
      for (const CLI::App *sub : command.get_subcommands({})) {
        names.push_back(sub->get_name());
      }
      if (const auto match = util::closest_match(extra, names)) {
        return "unknown command \"" + extra + "\", did you mean \"" + *match +
               "\"?";
      }
    }
    if (extra.rfind('-', 0) != 0) {
      return {}; // only the first word can be a mistyped command
    }
  }
  return {};
}

// The suggestion for a failed parse: in the command given, else in the
// program's own arguments.
std::string suggestion(const CLI::App &app) {
  for (const CLI::App *sub : app.get_subcommands({})) {
    if (sub->parsed()) {
      if (std::string text = did_you_mean(*sub, false); !text.empty()) {
        return text;
      }
    }
  }
  return did_you_mean(app, true);
}

// "stalebase 0.1.0 (revision b897451ab12c, allocator: jemalloc 5.3.0)"; no
// revision when the build did not know it.
std::string version_line() {
  std::string details;
  if (const std::string_view revision = build_revision(); !revision.empty()) {
    details = "revision " + std::string(revision) + ", ";
  }
  return std::string("stalebase ") + STALEBASE_VERSION + " (" + details +
         "allocator: " + util::allocator_description() + ")";
}

} // namespace

int run(int argc, char **argv) {
  CLI::App app{"stalebase: find and fix stale container base images",
               "stalebase"};
  app.set_version_flag("--version", version_line());
  app.require_subcommand(1);

  GlobalOptions global;
  add_global_options(app, global);
  app.parse_complete_callback([&global] { configure_logging(global); });

  setup_refs_command(app, global);
  setup_resolve_command(app, global);
  setup_tags_command(app, global);
  setup_check_command(app, global);
  setup_pin_command(app, global);
  setup_update_command(app, global);
  setup_image_command(app, global);
  setup_completion_command(app, global);
  setup_manpage_command(app, global);
  for (CLI::App *command : app.get_subcommands({})) {
    add_global_options(*command, global);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (const std::string text = suggestion(app); !text.empty()) {
      std::cerr << "stalebase: error: " << util::escape_control(text) << '\n';
      return util::to_int(util::ExitCode::usage_error);
    }
    const int code = app.exit(e);
    // CLI11 answers --help and --version with a "success" exception.
    return util::to_int(code == 0 ? util::ExitCode::ok
                                  : util::ExitCode::usage_error);
  } catch (const Error &e) {
    std::cerr << "stalebase: error: " << util::escape_control(e.what()) << '\n';
    return util::to_int(util::ExitCode::usage_error);
  }
  return util::to_int(global.exit_code);
}

} // namespace stalebase::cli
