// libFuzzer target for stalebase::sources::parse_dotenv (Compose's .env
// file). Besides crashes, sanitizer reports and time-outs (values that double
// with every line must stay bounded), it checks that an error has a message
// and a line in the file, and that every variable read has a valid name.

#include "stalebase/sources/dotenv.hpp"

#include "fuzz_sources.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  using namespace stalebase;
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  const sources::ComposeEnvironment process{{"TAG", "1.25"}, {"EMPTY", ""}};
  const auto env = sources::parse_dotenv(text, process);
  if (!env) {
    fuzz::check_error(env.error(), text);
    return 0;
  }
  for (const auto &[name, value] : *env) {
    fuzz::require(!name.empty() &&
                      name.find_first_not_of(
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "0123456789_.-") == std::string::npos,
                  "a variable has a valid name");
    fuzz::require(value.size() <= (std::size_t{1} << 20), "a value is bounded");
  }
  // The merged environment gives the shell precedence.
  const auto merged = sources::compose_environment(*env, process);
  fuzz::require(merged.at("TAG") == "1.25", "the shell's variables win");
  return 0;
}
