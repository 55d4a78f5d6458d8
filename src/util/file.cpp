#include "stalebase/util/file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <istream>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace stalebase::util {

namespace {

std::string too_large(std::size_t max_size) {
  return "larger than " + std::to_string(max_size) + " bytes";
}

// Closes a file descriptor on every way out.
class Descriptor {
public:
  explicit Descriptor(int fd) : m_fd(fd) {}
  Descriptor(const Descriptor &) = delete;
  Descriptor &operator=(const Descriptor &) = delete;
  ~Descriptor() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  int get() const { return m_fd; }

private:
  int m_fd;
};

} // namespace

Expected<std::string, std::string>
read_file(const std::filesystem::path &path) {
  // Files a repository holds (its .stalebase.yaml, its .gitignore files) are
  // hostile input: a named pipe there must not hang the run, so every read
  // goes through the one that never waits and reads only regular files.
  return read_regular_file(path, k_max_read_file);
}

Expected<std::string, std::string>
read_regular_file(const std::filesystem::path &path, std::size_t max_size) {
  // O_NONBLOCK: opening a named pipe must not wait for a writer.
  const Descriptor fd(
      ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    return Unexpected(std::string(std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return Unexpected(std::string(std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) {
    return Unexpected(std::string("is a directory"));
  }
  if (!S_ISREG(info.st_mode)) {
    return Unexpected(std::string("not a regular file"));
  }
  if (static_cast<std::uintmax_t>(info.st_size) > max_size) {
    return Unexpected(too_large(max_size));
  }
  // What fstat says, then reads into a small buffer until the end: the file
  // may have grown (or be one whose size fstat does not know), and probing
  // this way does not zero and fault in a larger string for every file.
  std::string bytes(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t size = 0;
  char probe[4096];
  while (size <= max_size) {
    const bool into_bytes = size < bytes.size();
    const ssize_t got =
        into_bytes ? ::read(fd.get(), bytes.data() + size, bytes.size() - size)
                   : ::read(fd.get(), probe, sizeof probe);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return Unexpected(std::string("read failed: ") + std::strerror(errno));
    }
    if (got == 0) {
      break;
    }
    if (!into_bytes) {
      bytes.append(probe, static_cast<std::size_t>(got));
    }
    size += static_cast<std::size_t>(got);
  }
  if (size > max_size) {
    return Unexpected(too_large(max_size));
  }
  bytes.resize(size);
  return bytes;
}

Expected<std::string, std::string> read_stream(std::istream &in,
                                               std::size_t max_size) {
  std::string bytes;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > max_size) {
      return Unexpected(too_large(max_size));
    }
  }
  if (in.bad()) {
    return Unexpected(std::string("read failed: ") + std::strerror(errno));
  }
  return bytes;
}

} // namespace stalebase::util
