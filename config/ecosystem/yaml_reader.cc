#include "config/ecosystem/yaml_reader.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <set>

#include "config/ecosystem/yaml_bounds.h"

namespace tend::ecosystem {
namespace {

// js-yaml's core schema, for plain (unquoted) scalars only. RE2, not std::regex: std::regex
// recursed once per character and overflowed the stack on a scalar of 100,000 digits.
void TypePlainScalar(const std::string& s, ConfigValue& out) {
  static const RE2 kInt("[-+]?(?:0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0[0-7_]+)");
  static const RE2 kFloat(
      "[-+]?(?:[0-9][0-9_]*)?\\.?[0-9]*(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|"
      "\\.(?:nan|NaN|NAN)");
  out.text = s;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    out.kind = ConfigValue::Kind::kNull;
    out.text.clear();
  } else if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
             s == "FALSE") {
    out.kind = ConfigValue::Kind::kBool;
    out.boolean = s[0] == 't' || s[0] == 'T';
  } else if (RE2::FullMatch(s, kInt) ||
             (RE2::FullMatch(s, kFloat) && s.find_first_of("0123456789") != std::string::npos)) {
    std::string clean;
    for (char c : s) {
      if (c != '_') clean += c;
    }
    out.kind = ConfigValue::Kind::kNumber;
    const bool neg = clean[0] == '-';
    const std::string body = clean[0] == '-' || clean[0] == '+' ? clean.substr(1) : clean;
    double v = 0;
    if (body.rfind("0x", 0) == 0)
      v = static_cast<double>(std::strtoull(body.c_str() + 2, nullptr, 16));
    else if (body.rfind("0o", 0) == 0)
      v = static_cast<double>(std::strtoull(body.c_str() + 2, nullptr, 8));
    else
      v = std::strtod(body.c_str(), nullptr);
    out.number = neg ? -v : v;
    out.text = clean[0] == '+' ? clean.substr(1) : clean;
  } else if (RE2::FullMatch(s, kFloat)) {
    out.kind = ConfigValue::Kind::kNumber;
    out.number = s.find("nan") != std::string::npos ? NAN : (s[0] == '-' ? -INFINITY : INFINITY);
  } else {
    out.kind = ConfigValue::Kind::kString;
  }
}

// Walks a yaml-cpp tree once, building the ConfigValue and stopping at the first
// duplicate key or non-scalar key, with the line of the offending key.
class YamlConverter {
 public:
  explicit YamlConverter(const std::string& source) : source_(source) {}

  Status Convert(const YAML::Node& node, const std::string& path, ConfigValue& out) {
    out.line = node.Mark().line + 1;
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return Status::Ok();
      case YAML::NodeType::Scalar:
        if (node.Tag() == "?") {
          TypePlainScalar(node.Scalar(), out);
        } else {
          out.kind = ConfigValue::Kind::kString;
          out.text = node.Scalar();
        }
        return Status::Ok();
      case YAML::NodeType::Sequence:
        out.kind = ConfigValue::Kind::kArray;
        for (size_t i = 0; i < node.size(); ++i) {
          out.items.emplace_back();
          TEND_RETURN_IF_ERROR(
              Convert(node[i], path + "[" + std::to_string(i) + "]", out.items.back()));
        }
        return Status::Ok();
      case YAML::NodeType::Map:
        return ConvertMap(node, path, out);
    }
    return Status::Ok();
  }

 private:
  Status ConvertMap(const YAML::Node& node, const std::string& path, ConfigValue& out) {
    out.kind = ConfigValue::Kind::kObject;
    std::set<std::string> seen;
    std::vector<ConfigValue> merges;
    for (const auto& pair : node) {
      if (!pair.first.IsScalar()) {
        return At(pair.first, path + ": a key must be a plain value, not a list or a map");
      }
      const std::string key = pair.first.Scalar();
      if (key == "<<" && pair.first.Tag() == "?") {
        merges.emplace_back();
        TEND_RETURN_IF_ERROR(Convert(pair.second, path, merges.back()));
        continue;
      }
      if (!seen.insert(key).second) {
        return At(pair.first, JoinKey(path, key) + ": duplicate key");
      }
      ConfigValue member;
      TEND_RETURN_IF_ERROR(Convert(pair.second, JoinKey(path, key), member));
      member.key_line = pair.first.Mark().line + 1;
      out.members.emplace_back(key, std::move(member));
    }
    return ApplyMerges(merges, seen, out);
  }

  // `<<: *base` (or a list of them): keys not given explicitly come from the bases.
  Status ApplyMerges(const std::vector<ConfigValue>& merges, std::set<std::string>& seen,
                     ConfigValue& out) {
    for (const auto& merge : merges) {
      std::vector<const ConfigValue*> bases;
      if (merge.is_array()) {
        for (const auto& item : merge.items)
          bases.push_back(&item);
      } else {
        bases.push_back(&merge);
      }
      for (const ConfigValue* base : bases) {
        if (!base->is_object()) {
          return Status::InvalidArgument(source_ + ":" + std::to_string(base->line) +
                                         ": '<<' must merge a map");
        }
        for (const auto& [key, value] : base->members) {
          if (seen.insert(key).second) out.members.emplace_back(key, value);
        }
      }
    }
    return Status::Ok();
  }

  Status At(const YAML::Node& node, const std::string& what) const {
    return Status::InvalidArgument(source_ + ":" + std::to_string(node.Mark().line + 1) + ": " +
                                   what);
  }

  const std::string& source_;
};

}  // namespace

Result<ConfigValue> ParseYaml(std::string_view text, const std::string& source_name) {
  TEND_RETURN_IF_ERROR(CheckYamlBounds(text, source_name));
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(source_name + ":" + std::to_string(e.mark.line + 1) + ": " +
                                   e.msg);
  }
  try {
    ConfigValue value;
    TEND_RETURN_IF_ERROR(YamlConverter(source_name).Convert(root, "", value));
    return value;
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(source_name + ": " + e.what());
  }
}

}  // namespace tend::ecosystem
