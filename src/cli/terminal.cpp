#include "stalebase/cli/terminal.hpp"

#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace stalebase::cli {

bool is_terminal(std::FILE *stream) {
  return ::isatty(::fileno(stream)) == 1;
}

int terminal_width() {
  if (const char *columns = std::getenv("COLUMNS"); columns != nullptr) {
    const int value = std::atoi(columns);
    if (value > 0) {
      return value;
    }
  }
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return 80;
}

bool use_color(const std::string &mode) {
  if (mode == "always") {
    return true;
  }
  if (mode == "never") {
    return false;
  }
  const char *no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') {
    return false;
  }
  return is_terminal(stdout);
}

} // namespace stalebase::cli
