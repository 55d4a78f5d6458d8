#include "stalebase/sources/extract.hpp"

#include "sources/extract_common.hpp"
#include "sources/limits.hpp"

// The Dockerfile's bound on what one expansion may produce serves here too.
#include "dockerfile/limits.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace stalebase::sources {

namespace {

// Top-level keys that are not jobs.
constexpr std::array<std::string_view, 12> k_keywords{
    "default",  "include", "stages",        "variables",
    "workflow", "image",   "services",      "cache",
    "types",    "spec",    "before_script", "after_script"};

// GitLab's own limit on `!reference` nesting.
constexpr std::size_t k_max_reference_depth = 10;
// GitLab's own limit on `extends:` inheritance.
constexpr std::size_t k_max_extends_depth = 11;
// Variables defined with other variables, expanded at most this deep.
constexpr std::size_t k_max_variable_depth = 10;

using Variables = std::map<std::string, std::string, std::less<>>;

bool is_name_char(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

class GitlabReader {
public:
  GitlabReader(const YamlStream &stream,
               std::size_t document,
               SourceExtraction &out)
      : m_stream(stream), m_document(document),
        m_root(stream.documents()[document]), m_out(out) {}

  void read() {
    m_globals = variables(m_root);
    m_has_include = m_stream.find(m_root, "include") != k_no_node;
    for (const MappingEntry &entry : m_stream.entries(m_root)) {
      const std::string &name = m_stream.resolved(entry.key).value;
      if (m_stream.resolved(entry.value).is_mapping() && !is_keyword(name)) {
        m_jobs.emplace(name, m_stream.resolve(entry.value));
      }
    }
    holder(m_root, "", m_globals, false);
    const NodeId defaults = m_stream.find(m_root, "default");
    holder(defaults, "default", m_globals, false);
    for (const MappingEntry &entry : m_stream.entries(m_root)) {
      const std::string &name = m_stream.resolved(entry.key).value;
      if (!m_stream.resolved(entry.value).is_mapping() || is_keyword(name)) {
        continue;
      }
      check_extends(entry.value, name);
      Variables scope = inherited_variables(entry.value);
      scope.insert(m_globals.begin(), m_globals.end()); // the job's win
      holder(entry.value, detail::key_path("", name), scope, true);
    }
  }

private:
  static bool is_keyword(std::string_view name) {
    for (const std::string_view keyword : k_keywords) {
      if (keyword == name) {
        return true;
      }
    }
    return false;
  }

  // The literal `variables:` of a job or of the file (`NAME: value` or
  // `NAME: {value: …}`).
  Variables variables(NodeId holder) const {
    Variables result;
    const NodeId list = m_stream.find(holder, "variables");
    for (const MappingEntry &entry : m_stream.entries(list)) {
      NodeId value = entry.value;
      if (m_stream.resolved(value).is_mapping()) {
        value = m_stream.find(value, "value");
      }
      if (value != k_no_node && m_stream.resolved(value).is_scalar()) {
        result[m_stream.resolved(entry.key).value] =
            m_stream.resolved(value).value;
      }
    }
    return result;
  }

  // The job named `name` in this file, or k_no_node.
  NodeId job_named(std::string_view name) const {
    const auto found = m_jobs.find(name);
    return found == m_jobs.end() ? k_no_node : found->second;
  }

  // The names `extends:` of `job` lists (a string or a list), in order.
  std::vector<std::string> extended_names(NodeId job) const {
    std::vector<std::string> names;
    const NodeId extends = m_stream.find(job, "extends");
    if (extends == k_no_node) {
      return names;
    }
    const Node &node = m_stream.resolved(extends);
    if (node.is_scalar() && !node.is_null()) {
      names.push_back(node.value);
    } else if (node.is_sequence()) {
      for (const NodeId item : node.children) {
        if (m_stream.resolved(item).is_scalar()) {
          names.push_back(m_stream.resolved(item).value);
        }
      }
    }
    return names;
  }

  // The jobs `job` extends that are in this file, in order.
  const std::vector<NodeId> &extended_jobs(NodeId job) {
    const auto known = m_parents.find(job);
    if (known != m_parents.end()) {
      return known->second;
    }
    std::vector<NodeId> jobs;
    for (const std::string &name : extended_names(job)) {
      const NodeId found = job_named(name);
      if (found != k_no_node) {
        jobs.push_back(found);
      }
    }
    return m_parents.emplace(job, std::move(jobs)).first->second;
  }

  // One error for each `extends:` that loops, goes too deep, or names a job
  // the file does not have (unless the file includes others, where it may
  // be). Every job is walked once.
  void check_extends(NodeId job, const std::string &name) {
    std::vector<std::string> chain{name};
    walk_extends(m_stream.resolve(job), chain);
  }

  void walk_extends(NodeId job, std::vector<std::string> &chain) {
    if (!m_checked.insert(job).second) {
      return;
    }
    const NodeId extends = m_stream.find(job, "extends");
    for (const std::string &parent : extended_names(job)) {
      if (std::find(chain.begin(), chain.end(), parent) != chain.end()) {
        std::string loop;
        for (auto it = std::find(chain.begin(), chain.end(), parent);
             it != chain.end(); ++it) {
          loop += *it + " → ";
        }
        report(extends, "extends: loops (" + loop + parent + ")");
        continue;
      }
      const NodeId found = job_named(parent);
      if (found == k_no_node) {
        if (!m_has_include) {
          report(extends, "extends: " + parent + " names no job in this file");
        }
        continue;
      }
      if (chain.size() > k_max_extends_depth) {
        report(extends, "extends: nested more than " +
                            std::to_string(k_max_extends_depth) +
                            " levels deep");
        continue;
      }
      chain.push_back(parent);
      walk_extends(found, chain);
      chain.pop_back();
    }
  }

  void report(NodeId node, std::string message) {
    if (m_reported.insert(message).second) {
      m_out.errors.push_back(detail::error_at(m_stream, node, message));
    }
  }

  // Whether inheritance may do `amount` more work: a file whose jobs extend
  // each other many times over is refused, once, rather than read slowly.
  bool spend(NodeId job, std::size_t amount) {
    m_work += amount;
    if (m_work <= detail::k_max_expanded_nodes) {
      return true;
    }
    report(m_stream.find(job, "extends"),
           "extends: the jobs inherit more than " +
               std::to_string(detail::k_max_expanded_nodes) +
               " values: the rest is not followed");
    return false;
  }

  // The value of `key` in `job`, or inherited through `extends:` when the
  // job does not set it: the last job listed wins, depth first, as GitLab
  // merges them. Results are remembered; a job met again while its own
  // lookup runs (a loop, reported by check_extends) adds nothing.
  NodeId inherited(NodeId job, std::string_view key, std::size_t depth = 0) {
    job = m_stream.resolve(job);
    auto memo = std::make_pair(job, std::string(key));
    const auto known = m_inherited.find(memo);
    if (known != m_inherited.end()) {
      return known->second;
    }
    if (!m_running.insert(job).second) {
      return k_no_node;
    }
    NodeId found = m_stream.find(job, key);
    if (found == k_no_node && depth < k_max_extends_depth) {
      const std::vector<NodeId> parents = extended_jobs(job);
      if (spend(job, parents.size())) {
        for (auto parent = parents.rbegin();
             parent != parents.rend() && found == k_no_node; ++parent) {
          found = inherited(*parent, key, depth + 1);
        }
      }
    }
    m_running.erase(job);
    m_inherited.emplace(std::move(memo), found);
    return found;
  }

  // The literal variables of `job` and of the jobs it extends, merged as
  // GitLab merges them: later jobs, then the job itself, win.
  Variables inherited_variables(NodeId job, std::size_t depth = 0) {
    job = m_stream.resolve(job);
    const auto known = m_inherited_variables.find(job);
    if (known != m_inherited_variables.end()) {
      return known->second;
    }
    Variables result;
    if (!m_running.insert(job).second) {
      return result;
    }
    if (depth < k_max_extends_depth) {
      const std::vector<NodeId> parents = extended_jobs(job);
      for (const NodeId parent : parents) {
        Variables inherited = inherited_variables(parent, depth + 1);
        if (!spend(job, inherited.size())) {
          break;
        }
        for (auto &[name, value] : inherited) {
          result[name] = std::move(value);
        }
      }
    }
    for (auto &[name, value] : variables(job)) {
      result[name] = std::move(value);
    }
    m_running.erase(job);
    m_inherited_variables.emplace(job, result);
    return result;
  }

  // The node `node` stands for, following `!reference [job, key, …]`; an
  // error (and k_no_node) when a reference leads nowhere.
  NodeId follow(NodeId node) {
    for (std::size_t depth = 0; node != k_no_node; ++depth) {
      const Node &target = m_stream.resolved(node);
      if (!target.is_sequence() || target.tag != "!reference") {
        return node;
      }
      if (depth == k_max_reference_depth) {
        m_out.errors.push_back(detail::error_at(
            m_stream, node,
            "!reference nested more than " +
                std::to_string(k_max_reference_depth) + " levels deep"));
        return k_no_node;
      }
      NodeId found = m_root;
      std::string written;
      for (const NodeId key : target.children) {
        const Node &name = m_stream.resolved(key);
        written += (written.empty() ? "" : ", ") + name.value;
        if (found != k_no_node) {
          found =
              name.is_scalar() ? m_stream.find(found, name.value) : k_no_node;
        }
      }
      if (found == k_no_node || target.children.empty()) {
        m_out.errors.push_back(detail::error_at(
            m_stream, node,
            "!reference [" + written + "] names nothing in this file"));
        return k_no_node;
      }
      node = found;
    }
    return node;
  }

  // `$NAME`, `${NAME}` replaced by literal variables; `$$` is a `$`.
  Expected<std::string, std::string> expand(std::string_view text,
                                            const Variables &scope,
                                            std::size_t depth) const {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '$' || i + 1 == text.size()) {
        out += text[i];
        continue;
      }
      if (text[i + 1] == '$') {
        out += '$';
        ++i;
        continue;
      }
      const bool braced = text[i + 1] == '{';
      std::size_t end = i + (braced ? 2 : 1);
      const std::size_t start = end;
      while (end < text.size() && is_name_char(text[end])) {
        ++end;
      }
      if (end == start ||
          (braced && (end == text.size() || text[end] != '}'))) {
        out += text[i];
        continue;
      }
      const std::string_view name = text.substr(start, end - start);
      const auto found = scope.find(name);
      if (found == scope.end() || depth == k_max_variable_depth) {
        return Unexpected("GitLab variable $" + std::string(name) +
                          " is not defined in the file's variables: it is "
                          "set when the pipeline runs");
      }
      auto value = expand(found->second, scope, depth + 1);
      if (!value) {
        return value;
      }
      out += *value;
      if (out.size() > dockerfile::detail::k_max_expansion_length) {
        return Unexpected(dockerfile::detail::expansion_too_long());
      }
      i = braced ? end : end - 1;
    }
    return out;
  }

  void add(NodeId node, std::string path, const Variables &scope) {
    if (!m_stream.resolved(node).is_scalar() ||
        m_stream.resolved(node).is_null()) {
      return;
    }
    SourceReference reference = detail::scalar_reference(
        SourceKind::gitlab_ci, m_stream, m_document, std::move(path), node);
    auto value = expand(reference.written, scope, 0);
    if (value) {
      reference.value = std::move(*value);
    } else {
      reference.unresolvable = std::move(value).error();
    }
    detail::check_reference(reference);
    m_out.references.push_back(std::move(reference));
  }

  // An `image` or a service: a string, or a mapping's `name`.
  void image(NodeId node, const std::string &path, const Variables &scope) {
    node = follow(node);
    if (node == k_no_node) {
      return;
    }
    if (m_stream.resolved(node).is_mapping()) {
      const NodeId name = follow(m_stream.find(node, "name"));
      if (name != k_no_node) {
        add(name, detail::key_path(path, "name"), scope);
      }
      return;
    }
    add(node, path, scope);
  }

  // The images of the top, of `default:` or of a job (`job`: with what it
  // inherits through `extends:`).
  void holder(NodeId node,
              const std::string &path,
              const Variables &scope,
              bool job) {
    if (node == k_no_node) {
      return;
    }
    const auto find = [&](std::string_view key) {
      return job ? inherited(node, key) : m_stream.find(node, key);
    };
    const NodeId image_node = find("image");
    if (image_node != k_no_node) {
      image(image_node, detail::key_path(path, "image"), scope);
    }
    const NodeId services = follow(find("services"));
    if (services == k_no_node || !m_stream.resolved(services).is_sequence()) {
      return;
    }
    const std::string list_path = detail::key_path(path, "services");
    const auto &items = m_stream.resolved(services).children;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const NodeId item = follow(items[i]);
      if (item == k_no_node) {
        continue;
      }
      const std::string item_path = detail::index_path(list_path, i);
      // A `!reference` to a list of services is spliced in, as GitLab does.
      if (m_stream.resolved(item).is_sequence()) {
        const auto &inner = m_stream.resolved(item).children;
        for (std::size_t j = 0; j < inner.size(); ++j) {
          image(inner[j], detail::index_path(item_path, j), scope);
        }
        continue;
      }
      image(item, item_path, scope);
    }
  }

  const YamlStream &m_stream;
  std::size_t m_document;
  NodeId m_root;
  SourceExtraction &m_out;
  Variables m_globals;
  bool m_has_include = false;
  std::map<std::string, NodeId, std::less<>> m_jobs; // by name
  std::map<NodeId, std::vector<NodeId>> m_parents;   // what each extends
  std::map<std::pair<NodeId, std::string>, NodeId> m_inherited;
  std::map<NodeId, Variables> m_inherited_variables;
  std::set<NodeId> m_running;       // lookups under way
  std::set<NodeId> m_checked;       // jobs whose extends: were walked
  std::set<std::string> m_reported; // errors, each once
  std::size_t m_work = 0;           // values inherited so far
};

} // namespace

SourceExtraction extract_gitlab_ci(const YamlStream &stream) {
  SourceExtraction out;
  for (std::size_t document = 0; document < stream.documents().size();
       ++document) {
    if (stream.resolved(stream.documents()[document]).is_mapping()) {
      GitlabReader(stream, document, out).read();
    }
  }
  return out;
}

} // namespace stalebase::sources
