#include "config/ecosystem/json_lite.h"

#include <cctype>
#include <cstdlib>

namespace tend::ecosystem {
namespace {

constexpr int kMaxDepth = 200;

// A recursive-descent parser over one buffer; the first error stops it.
class JsonLiteParser {
 public:
  JsonLiteParser(std::string_view text, const std::string& source) : text_(text), source_(source) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  Result<ConfigValue> Parse() {
    ConfigValue value;
    if (!SkipSpace() || !ParseValue(value, 0)) return Error();
    if (!SkipSpace()) return Error();
    if (pos_ < text_.size()) {
      Fail("unexpected " + Found() + " after the end of the document");
      return Error();
    }
    return value;
  }

 private:
  Status Error() const {
    return Status::InvalidArgument(source_ + ":" + std::to_string(error_line_) + ": " + error_);
  }
  bool Fail(std::string what) {
    if (error_.empty()) {
      error_ = std::move(what);
      error_line_ = line_;
    }
    return false;
  }
  std::string Found() const {
    if (pos_ >= text_.size()) return "end of file";
    return "'" + std::string(1, text_[pos_]) + "'";
  }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  bool SkipSpace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (text_.compare(pos_, 2, "//") == 0) {
        while (pos_ < text_.size() && text_[pos_] != '\n')
          ++pos_;
      } else if (text_.compare(pos_, 2, "/*") == 0) {
        const int start = line_;
        pos_ += 2;
        while (pos_ < text_.size() && text_.compare(pos_, 2, "*/") != 0) {
          if (text_[pos_] == '\n') ++line_;
          ++pos_;
        }
        if (pos_ >= text_.size()) {
          line_ = start;
          return Fail("unterminated /* comment");
        }
        pos_ += 2;
      } else {
        break;
      }
    }
    return true;
  }

  bool ParseValue(ConfigValue& out, int depth) {
    if (depth > kMaxDepth) return Fail("nesting deeper than 200 levels");
    out.line = line_;
    const char c = Peek();
    if (c == '{') return ParseObject(out, depth);
    if (c == '[') return ParseArray(out, depth);
    if (c == '"' || c == '\'') {
      out.kind = ConfigValue::Kind::kString;
      return ParseString(out.text);
    }
    if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) return ParseNumber(out);
    return ParseWord(out);
  }

  bool ParseWord(ConfigValue& out) {
    const std::string word = Identifier();
    if (word == "true" || word == "false") {
      out.kind = ConfigValue::Kind::kBool;
      out.boolean = word == "true";
      return true;
    }
    if (word == "null" || word == "undefined") return true;
    if (word.empty()) return Fail("expected a value, found " + Found());
    return Fail("unexpected word '" + word + "' (strings need quotes)");
  }

  std::string Identifier() {
    const size_t start = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      const bool ok = c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (pos_ > start && c >= '0' && c <= '9');
      if (!ok) break;
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  bool ParseNumber(ConfigValue& out) {
    const size_t start = pos_;
    if (Peek() == '-' || Peek() == '+') ++pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.' ||
            ((text_[pos_] == '-' || text_[pos_] == '+') &&
             (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')))) {
      ++pos_;
    }
    std::string raw(text_.substr(start, pos_ - start));
    std::string digits = raw[0] == '+' ? raw.substr(1) : raw;
    const bool negative = !digits.empty() && digits[0] == '-';
    const std::string body = negative ? digits.substr(1) : digits;
    char* end = nullptr;
    double value = 0;
    if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
      value = static_cast<double>(std::strtoull(body.c_str() + 2, &end, 16));
    } else {
      value = std::strtod(body.c_str(), &end);
    }
    if (body.empty() || end == nullptr || *end != '\0' || body[0] == 'e' || body[0] == 'E') {
      line_ = out.line;
      return Fail("malformed number '" + raw + "'");
    }
    out.kind = ConfigValue::Kind::kNumber;
    out.number = negative ? -value : value;
    out.text = digits;
    return true;
  }

  bool ParseHex4(unsigned& code) {
    if (pos_ + 4 > text_.size()) return Fail("truncated \\u escape");
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      code <<= 4;
      if (h >= '0' && h <= '9')
        code |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        code |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        code |= static_cast<unsigned>(h - 'A' + 10);
      else
        return Fail("bad \\u escape");
    }
    return true;
  }

  static void AppendUtf8(std::string& s, unsigned cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool ParseEscape(std::string& out) {
    if (pos_ >= text_.size()) return Fail("unterminated string");
    const char e = text_[pos_++];
    switch (e) {
      case 'n':
        out += '\n';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'v':
        out += '\v';
        return true;
      case '0':
        out += '\0';
        return true;
      case '\n':
        ++line_;
        return true;  // a line continuation
      case 'u': {
        unsigned cp = 0;
        if (!ParseHex4(cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00 && text_.compare(pos_, 2, "\\u") == 0) {
          pos_ += 2;
          unsigned low = 0;
          if (!ParseHex4(low)) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(out, cp);
        return true;
      }
      default:
        out += e;  // \" \' \\ \/ and JavaScript's identity escapes
        return true;
    }
  }

  bool ParseString(std::string& out) {
    const char quote = text_[pos_++];
    out.clear();
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == quote) return true;
      if (c == '\n') return Fail("unterminated string (a newline inside quotes)");
      if (c == '\\') {
        if (!ParseEscape(out)) return false;
        continue;
      }
      out += c;
    }
    return Fail("unterminated string");
  }

  bool ParseKey(std::string& key) {
    const char c = Peek();
    if (c == '"' || c == '\'') return ParseString(key);
    key = Identifier();
    if (key.empty() && c >= '0' && c <= '9') {
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        key += text_[pos_++];
      }
    }
    if (key.empty()) return Fail("expected a key, found " + Found());
    return true;
  }

  bool ParseObject(ConfigValue& out, int depth) {
    out.kind = ConfigValue::Kind::kObject;
    ++pos_;
    while (true) {
      if (!SkipSpace()) return false;
      if (Peek() == '}') {
        ++pos_;
        return true;
      }
      std::string key;
      const int key_line = line_;
      if (!ParseKey(key) || !SkipSpace()) return false;
      if (Peek() != ':') return Fail("expected ':' after key '" + key + "', found " + Found());
      ++pos_;
      ConfigValue member;
      if (!SkipSpace() || !ParseValue(member, depth + 1) || !SkipSpace()) return false;
      member.key_line = key_line;
      out.members.emplace_back(std::move(key), std::move(member));
      if (Peek() == ',') {
        ++pos_;
      } else if (Peek() != '}') {
        return Fail("expected ',' or '}' after a value, found " + Found());
      }
    }
  }

  bool ParseArray(ConfigValue& out, int depth) {
    out.kind = ConfigValue::Kind::kArray;
    ++pos_;
    while (true) {
      if (!SkipSpace()) return false;
      if (Peek() == ']') {
        ++pos_;
        return true;
      }
      ConfigValue item;
      if (!ParseValue(item, depth + 1) || !SkipSpace()) return false;
      out.items.push_back(std::move(item));
      if (Peek() == ',') {
        ++pos_;
      } else if (Peek() != ']') {
        return Fail("expected ',' or ']' after a value, found " + Found());
      }
    }
  }

  std::string_view text_;
  const std::string& source_;
  size_t pos_ = 0;
  int line_ = 1;
  std::string error_;
  int error_line_ = 0;
};

}  // namespace

Result<ConfigValue> ParseJsonLite(std::string_view text, const std::string& source_name) {
  return JsonLiteParser(text, source_name).Parse();
}

}  // namespace tend::ecosystem
