#include "stalebase/reference/digest.hpp"

#include "stalebase/reference/grammar.hpp"

namespace stalebase::reference {

Expected<Digest, std::string> Digest::parse(std::string_view text) {
  if (auto checked = validate_digest(text); !checked) {
    return Unexpected(std::move(checked).error());
  }
  return Digest(std::string(text));
}

std::string_view Digest::algorithm() const {
  return std::string_view(m_text).substr(0, m_text.find(':'));
}

std::string_view Digest::encoded() const {
  return std::string_view(m_text).substr(m_text.find(':') + 1);
}

} // namespace stalebase::reference
