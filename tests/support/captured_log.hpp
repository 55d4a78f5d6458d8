#pragma once

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>
#include <string>

namespace stalebase::test {

// Sends every log line at trace level to a string for the test's lifetime, as
// `[level] message` (no time, so that two runs' logs compare).
class CapturedLog {
public:
  CapturedLog() : m_previous(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(m_text);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    logger->set_pattern("[%l] %v");
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(m_previous); }
  CapturedLog(const CapturedLog &) = delete;
  CapturedLog &operator=(const CapturedLog &) = delete;
  std::string text() const { return m_text.str(); }

private:
  std::ostringstream m_text;
  std::shared_ptr<spdlog::logger> m_previous;
};

} // namespace stalebase::test
