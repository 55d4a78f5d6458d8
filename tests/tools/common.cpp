#include "common.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace stalebase::testkit {

namespace {

constexpr std::string_view k_base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string
base64_with(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  while (i + 2 < bytes.size()) {
    const auto n =
        (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U) |
        (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1]))
         << 8U) |
        static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    out += alphabet[(n >> 18U) & 63U];
    out += alphabet[(n >> 12U) & 63U];
    out += alphabet[(n >> 6U) & 63U];
    out += alphabet[n & 63U];
    i += 3;
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U;
    if (rest == 2) {
      n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1]))
           << 8U;
    }
    out += alphabet[(n >> 18U) & 63U];
    out += alphabet[(n >> 12U) & 63U];
    if (rest == 2) {
      out += alphabet[(n >> 6U) & 63U];
    } else if (pad) {
      out += '=';
    }
    if (pad) {
      out += '=';
    }
  }
  return out;
}

std::string hex(const unsigned char *data, std::size_t size) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += k_digits[data[i] >> 4U];
    out += k_digits[data[i] & 15U];
  }
  return out;
}

std::tm utc_tm(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

} // namespace

std::string base64_encode(std::string_view bytes) {
  return base64_with(bytes, k_base64_alphabet, true);
}

std::string base64url_encode(std::string_view bytes) {
  return base64_with(
      bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
      false);
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    unsigned value = 0;
    if (c >= 'A' && c <= 'Z') {
      value = static_cast<unsigned>(c - 'A');
    } else if (c >= 'a' && c <= 'z') {
      value = static_cast<unsigned>(c - 'a' + 26);
    } else if (c >= '0' && c <= '9') {
      value = static_cast<unsigned>(c - '0' + 52);
    } else if (c == '+' || c == '-') {
      value = 62;
    } else if (c == '/' || c == '_') {
      value = 63;
    } else if (c == '=') {
      break;
    } else {
      return std::nullopt;
    }
    buffer = (buffer << 6U) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &size, EVP_sha256(),
                 nullptr) != 1) {
    throw Failure("sha256 failed");
  }
  return hex(md.data(), size);
}

std::string sha256_digest(std::string_view bytes) {
  return "sha256:" + sha256_hex(bytes);
}

std::string random_hex(std::size_t bytes) {
  std::string buffer(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char *>(buffer.data()),
                 static_cast<int>(bytes)) != 1) {
    throw Failure("no random bytes from OpenSSL");
  }
  return hex(reinterpret_cast<const unsigned char *>(buffer.data()), bytes);
}

std::string http_date(std::chrono::system_clock::time_point when) {
  const std::tm tm = utc_tm(when);
  std::array<char, 64> text{};
  // strftime's %a and %b follow the C locale, which the testkit never changes.
  const std::size_t n =
      std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(text.data(), n);
}

std::string rfc3339(std::chrono::system_clock::time_point when) {
  const std::tm tm = utc_tm(when);
  std::array<char, 64> text{};
  const std::size_t n =
      std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(text.data(), n);
}

long long unix_now() {
  return static_cast<long long>(
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
}

std::string Url::origin() const {
  return scheme + "://" + host + ":" + std::to_string(port);
}

std::optional<Url> parse_url(std::string_view text) {
  Url url;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    return std::nullopt;
  }
  url.scheme = to_lower(text.substr(0, scheme_end));
  if (url.scheme != "http" && url.scheme != "https") {
    return std::nullopt;
  }
  std::string_view rest = text.substr(scheme_end + 3);
  const auto target_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, target_start);
  url.target = target_start == std::string_view::npos
                   ? "/"
                   : std::string(rest.substr(target_start));
  if (!url.target.empty() && url.target[0] == '?') {
    url.target.insert(0, "/");
  }
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos &&
      authority.find(']', colon) == std::string_view::npos) {
    url.host = std::string(authority.substr(0, colon));
    const std::string port(authority.substr(colon + 1));
    if (port.empty() ||
        port.find_first_not_of("0123456789") != std::string::npos ||
        port.size() > 5) {
      return std::nullopt;
    }
    url.port = std::stoi(port);
  } else {
    url.host = std::string(authority);
    url.port = url.scheme == "https" ? 443 : 80;
  }
  if (url.host.empty()) {
    return std::nullopt;
  }
  return url;
}

Url require_url(std::string_view text, std::string_view what) {
  auto url = parse_url(text);
  if (!url) {
    throw Failure(std::string(what) + " \"" + std::string(text) +
                  "\" is not an http(s) URL");
  }
  return *url;
}

std::string resolve_reference(const Url &base, std::string_view reference) {
  if (reference.find("://") != std::string_view::npos) {
    return std::string(reference);
  }
  if (starts_with(reference, "//")) {
    return base.scheme + ":" + std::string(reference);
  }
  if (starts_with(reference, "/")) {
    return base.origin() + std::string(reference);
  }
  std::string path = base.target.substr(0, base.target.find('?'));
  if (starts_with(reference, "?")) {
    return base.origin() + path + std::string(reference);
  }
  path = path.substr(0, path.rfind('/') + 1);
  return base.origin() + path + std::string(reference);
}

std::string url_encode_component(std::string_view text) {
  static constexpr char k_digits[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out += c;
    } else {
      out += '%';
      out += k_digits[u >> 4U];
      out += k_digits[u & 15U];
    }
  }
  return out;
}

std::string url_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) != 0 &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2])) != 0) {
      out += static_cast<char>(
          std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>>
parse_form(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto &part : split(text, '&')) {
    if (part.empty()) {
      continue;
    }
    const auto equals = part.find('=');
    if (equals == std::string::npos) {
      pairs.emplace_back(url_decode(part), "");
    } else {
      pairs.emplace_back(url_decode(part.substr(0, equals)),
                         url_decode(part.substr(equals + 1)));
    }
  }
  return pairs;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return parts;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char &c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Failure("cannot read \"" + path + "\": " + std::strerror(errno));
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file_atomic(const std::string &path, std::string_view content) {
  const std::string temporary = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) {
      throw Failure("cannot write \"" + temporary + "\"");
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw Failure("cannot rename \"" + temporary + "\" to \"" + path + "\"");
  }
}

std::pair<std::string, std::string>
read_credentials_file(const std::string &path) {
  const std::string text = read_file(path);
  const std::string line = trim(text.substr(0, text.find('\n')));
  const auto colon = line.find(':');
  if (colon == std::string::npos) {
    throw Failure("credentials file \"" + path +
                  "\" does not hold \"user:password\"");
  }
  return {line.substr(0, colon), line.substr(colon + 1)};
}

void block_termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGCHLD);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A client that goes away must not kill a server with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
}

void start_watchdog(int max_lifetime_seconds, bool exit_with_parent) {
  const pid_t parent = getppid();
  std::thread([max_lifetime_seconds, exit_with_parent, parent] {
    const auto start = std::chrono::steady_clock::now();
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const bool parent_gone = exit_with_parent && getppid() != parent;
      const bool too_old = max_lifetime_seconds > 0 &&
                           std::chrono::steady_clock::now() - start >
                               std::chrono::seconds(max_lifetime_seconds);
      if (parent_gone || too_old) {
        std::fprintf(stderr, "stalebase_testkit: %s, stopping\n",
                     parent_gone ? "parent process is gone"
                                 : "maximum lifetime reached");
        kill(getpid(), SIGTERM);
        return;
      }
    }
  }).detach();
}

int spawn_command(
    const std::vector<std::string> &command,
    const std::vector<std::pair<std::string, std::string>> &extra_env) {
  if (command.empty()) {
    throw Failure("no command to run");
  }
  const pid_t pid = fork();
  if (pid < 0) {
    throw Failure(std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) {
    sigset_t set;
    sigemptyset(&set);
    pthread_sigmask(SIG_SETMASK, &set, nullptr);
    std::signal(SIGPIPE, SIG_DFL);
    for (const auto &[name, value] : extra_env) {
      setenv(name.c_str(), value.c_str(), 1);
    }
    std::vector<char *> argv;
    for (const auto &arg : command) {
      argv.push_back(const_cast<char *>(arg.c_str()));
    }
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    std::fprintf(stderr, "stalebase_testkit: error: cannot run \"%s\": %s\n",
                 argv[0], std::strerror(errno));
    _exit(127);
  }
  return pid;
}

int wait_for_termination(int child_pid) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGCHLD);
  while (true) {
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) {
      continue;
    }
    if (signal_number != SIGCHLD) {
      if (child_pid > 0) {
        kill(child_pid, SIGTERM);
        int status = 0;
        waitpid(child_pid, &status, 0);
      }
      return 0;
    }
    if (child_pid <= 0) {
      while (waitpid(-1, nullptr, WNOHANG) > 0) {
      }
      continue;
    }
    int status = 0;
    const pid_t done = waitpid(child_pid, &status, WNOHANG);
    if (done == child_pid) {
      if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
      }
      return 128 + WTERMSIG(status);
    }
  }
}

} // namespace stalebase::testkit
