// docs/ecosystem.md's option table says what the app option table says: the
// same options, aliases, flags, defaults and integer ranges, and the same
// "not active yet" list. The doc is kept by hand; this test keeps it honest.
// Also the table's own invariants: an integer option's range fits its member,
// and no two options share a key, an alias or a flag.
#include "config/app_option_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "tests/support/text_lines.h"

namespace tend {
namespace {

std::string Trim(std::string s) {
  const size_t b = s.find_first_not_of(' ');
  const size_t e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A cell as the table would write it, without markdown: "`-n`, `--name`" -> "-n,--name".
std::string Plain(const std::string& cell, bool drop_spaces) {
  std::string out;
  for (char c : cell) {
    if (c == '`' || (drop_spaces && c == ' ')) continue;
    out += c;
  }
  return out;
}

std::string Joined(const std::vector<std::string_view>& parts) {
  std::string out;
  for (auto p : parts)
    out += (out.empty() ? "" : ",") + std::string(p);
  return out;
}

struct DocRow {
  std::string aliases, flag, type, default_text;
};

// The rows of the "| option | aliases | ..." table, by option key.
std::map<std::string, DocRow> ReadDocTable(const std::string& text) {
  std::map<std::string, DocRow> rows;
  std::istringstream in(text);
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| option | aliases |", 0) == 0) in_table = true;
    if (!in_table) continue;
    if (line.empty() || line[0] != '|') break;
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::istringstream row(line.substr(1));
    for (std::string cell; std::getline(row, cell, '|');)
      cells.push_back(Trim(cell));
    if (cells.size() < 5) continue;
    rows[Plain(cells[0], true)] = {Plain(cells[1], true), Plain(cells[2], true), cells[3],
                                   Plain(cells[4], false)};
  }
  return rows;
}

std::string ReadDoc() {
  return test::ReadWholeFile(std::string(TEND_SOURCE_DIR) + "/docs/ecosystem.md");
}

TEST(AppOptionTable, DocsListEveryFileOptionWithItsAliasesFlagAndDefault) {
  auto doc = ReadDocTable(ReadDoc());
  ASSERT_FALSE(doc.empty()) << "no option table found in docs/ecosystem.md";
  doc.erase("env_<NAME>");  // a family of keys, read with `env`
  for (const auto& o : AppOptionTable()) {
    const std::string key(o.key);
    if (!o.in_files) {
      EXPECT_EQ(doc.count(key), 0u) << key << " is not a file option";
      continue;
    }
    auto it = doc.find(key);
    if (it == doc.end()) {
      ADD_FAILURE() << "docs/ecosystem.md lacks option " << key;
      continue;
    }
    EXPECT_EQ(it->second.aliases, Joined(o.aliases)) << key;
    EXPECT_EQ(it->second.flag, std::string(o.flag)) << key;
    EXPECT_EQ(it->second.default_text, std::string(o.default_doc)) << key;
    if (o.type == OptionType::kInt || o.type == OptionType::kExitCodes) {
      EXPECT_NE(it->second.type.find(o.range.ToString()), std::string::npos)
          << key << ": the type column should say " << o.range.ToString();
    }
    doc.erase(it);
  }
  for (const auto& [key, row] : doc)
    ADD_FAILURE() << "docs/ecosystem.md documents " << key << ", which is not in the table";
}

TEST(AppOptionTable, DocsListTheOptionsNotActiveYet) {
  std::string expected;
  for (const auto& o : AppOptionTable()) {
    if (!o.active) expected += (expected.empty() ? "`" : ", `") + std::string(o.key) + "`";
  }
  expected += ".";
  const std::string text = ReadDoc();
  EXPECT_NE(text.find("\n" + expected + "\n"), std::string::npos)
      << "docs/ecosystem.md's \"Not active yet\" list should read: " << expected;
}

TEST(AppOptionTable, AnIntOptionsRangeFitsItsMember) {
  for (const auto& o : AppOptionTable()) {
    if (!std::holds_alternative<int AppSpec::*>(o.member)) continue;
    if (o.type == OptionType::kInstances) continue;  // resolved by ResolveInstances
    EXPECT_GE(o.range.min, std::numeric_limits<int>::min()) << o.key;
    EXPECT_LE(o.range.max, std::numeric_limits<int>::max()) << o.key;
  }
}

TEST(AppOptionTable, KeysAndFlagsAreUnique) {
  std::map<std::string, int> seen;
  for (const auto& o : AppOptionTable()) {
    ++seen[std::string(o.key)];
    for (auto a : o.aliases)
      ++seen[std::string(a)];
    if (!o.flag.empty()) ++seen[std::string(o.flag)];
  }
  for (const auto& [name, n] : seen)
    EXPECT_EQ(n, 1) << name;
}

}  // namespace
}  // namespace tend
