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

// Writes `content` to a temporary file beside `path`, with `permissions` (and
// the owner of `owner`, where allowed), flushes it and renames it over `path`
// if `unchanged()` still holds then.
template <typename Unchanged>
Expected<bool, std::string> commit(const std::filesystem::path &path,
                                   std::string_view content,
                                   mode_t permissions,
                                   const struct stat *owner,
                                   Unchanged unchanged) {
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
  if (owner != nullptr && ::fchown(fd, owner->st_uid, owner->st_gid) != 0) {
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
  if (!unchanged()) {
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

// The file `given` names (the target of a symbolic link, which is replaced
// while the link stays) and its status; `exists` is false when there is none.
struct Existing {
  std::filesystem::path path;
  struct stat info {};
  bool exists = false;
};

Expected<Existing, std::string> look_up(const std::filesystem::path &given) {
  Existing found;
  std::error_code error_code;
  found.path = std::filesystem::is_symlink(given, error_code)
                   ? std::filesystem::canonical(given, error_code)
                   : given;
  if (error_code && error_code != std::errc::no_such_file_or_directory) {
    return Unexpected(error_code.message());
  }
  if (::stat(found.path.c_str(), &found.info) == 0) {
    found.exists = true;
  } else if (errno != ENOENT) {
    return Unexpected(system_reason(errno));
  }
  return found;
}

} // namespace

Expected<bool, std::string> replace_file(const std::filesystem::path &given,
                                         std::string_view expected,
                                         std::string_view content) {
  auto found = look_up(given);
  if (!found) {
    return Unexpected(std::move(found).error());
  }
  if (!found->exists) {
    return Unexpected(system_reason(ENOENT));
  }
  const std::filesystem::path &path = found->path;
  const struct stat &info = found->info;
  if ((info.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 ||
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

  return commit(path, content, info.st_mode & 07777, &info, [&] {
    auto again = util::read_file(path);
    return again && *again == expected;
  });
}

Expected<bool, std::string>
write_file_atomically(const std::filesystem::path &given,
                      std::string_view content) {
  auto found = look_up(given);
  if (!found) {
    return Unexpected(std::move(found).error());
  }
  if (found->exists) {
    if (!S_ISREG(found->info.st_mode)) {
      return Unexpected(std::string("not a regular file"));
    }
    return commit(found->path, content, found->info.st_mode & 07777,
                  &found->info, [] { return true; });
  }
  // A new file: what open(2) would give it, 0666 less the umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return commit(found->path, content, 0666 & ~mask, nullptr,
                [] { return true; });
}

} // namespace stalebase::rewrite
