#include "stalebase/rewrite/atomic_write.hpp"

#include "stalebase/util/file.hpp"
#include "stalebase/util/interrupt.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stalebase::rewrite {

namespace {

std::string system_reason(int error) {
  return std::strerror(error);
}

// Removes the temporary file unless it was renamed.
class TemporaryFile {
public:
  TemporaryFile(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}
  TemporaryFile(const TemporaryFile &) = delete;
  TemporaryFile &operator=(const TemporaryFile &) = delete;
  ~TemporaryFile() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    if (!m_kept) {
      ::unlink(m_path.c_str());
    }
  }
  // Closes the file; the system's result.
  int close() {
    const int result = ::close(m_fd);
    m_fd = -1;
    return result;
  }
  void keep() { m_kept = true; }

private:
  std::string m_path;
  int m_fd = -1;
  bool m_kept = false;
};

bool write_all(int fd, std::string_view content, int &error) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      error = errno;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

} // namespace

Expected<bool, std::string> replace_file(const std::filesystem::path &given,
                                         std::string_view expected,
                                         std::string_view content) {
  // A symbolic link is followed: its target is replaced, the link stays.
  std::error_code error_code;
  const std::filesystem::path path =
      std::filesystem::is_symlink(given, error_code)
          ? std::filesystem::canonical(given, error_code)
          : given;
  if (error_code) {
    return Unexpected(error_code.message());
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Unexpected(system_reason(errno));
  }
  const mode_t permissions = info.st_mode & 07777;
  if ((permissions & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 ||
      ::access(path.c_str(), W_OK) != 0) {
    return Unexpected(std::string("the file is read-only"));
  }
  // The rename gives this name a new file: the other names keep the old one.
  if (info.st_nlink > 1) {
    spdlog::warn("\"{}\" has {} hard links: writing it makes it a separate "
                 "file",
                 given.string(), info.st_nlink);
  }
  auto now = util::read_file(path);
  if (!now) {
    return Unexpected(now.error());
  }
  if (*now != expected) {
    return Unexpected(
        std::string("the file changed since it was read; run again"));
  }

  const std::filesystem::path folder =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string pattern =
      (folder / ("." + path.filename().string() + ".stalebase-XXXXXX"))
          .string();
  // An interrupt waits until the temporary file is renamed or removed.
  const util::InterruptGuard guard;
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    return Unexpected("cannot write a temporary file in \"" + folder.string() +
                      "\": " + system_reason(errno));
  }
  TemporaryFile temporary(pattern, fd);
  int error = 0;
  if (!write_all(fd, content, error)) {
    return Unexpected("cannot write \"" + pattern +
                      "\": " + system_reason(error));
  }
  // Keep the owner where allowed (as root); otherwise the file becomes ours.
  if (::fchown(fd, info.st_uid, info.st_gid) != 0) {
    errno = 0;
  }
  if (::fchmod(fd, permissions) != 0 || ::fsync(fd) != 0) {
    return Unexpected("cannot write \"" + pattern +
                      "\": " + system_reason(errno));
  }
  if (temporary.close() != 0) {
    return Unexpected("cannot write \"" + pattern +
                      "\": " + system_reason(errno));
  }
  auto again = util::read_file(path);
  if (!again || *again != expected) {
    return Unexpected(
        std::string("the file changed since it was read; run again"));
  }
  if (::rename(pattern.c_str(), path.c_str()) != 0) {
    return Unexpected("cannot rename \"" + pattern +
                      "\" over the file: " + system_reason(errno));
  }
  temporary.keep();
  // Make the rename itself durable.
  const int folder_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (folder_fd >= 0) {
    ::fsync(folder_fd);
    ::close(folder_fd);
  }
  return true;
}

} // namespace stalebase::rewrite
