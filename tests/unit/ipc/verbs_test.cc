// The verb rows against the protocol's specification: docs/protocol.md has a section for
// every row (and no command without one), naming each argument key of the row.
#include "ipc/verbs.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/text_lines.h"

namespace tend::ipc {
namespace {

std::string ReadProtocolDoc() {
  return test::ReadWholeFile(std::string(TEND_SOURCE_DIR) + "/docs/protocol.md");
}

// The "### `cmd`" sections of "## Commands": cmd -> heading line and body.
std::map<std::string, std::pair<std::string, std::string>> CommandSections(const std::string& doc) {
  const size_t begin = doc.find("\n## Commands\n");
  const size_t end = doc.find("\n## ", begin + 1);
  const std::string part = doc.substr(begin, end - begin);
  std::map<std::string, std::pair<std::string, std::string>> out;
  const std::regex heading("\n### `([A-Za-z]+)`([^\n]*)\n");
  std::vector<std::smatch> found;
  for (std::sregex_iterator it(part.begin(), part.end(), heading), stop; it != stop; ++it)
    found.push_back(*it);
  for (size_t i = 0; i < found.size(); ++i) {
    const size_t from = found[i].position(0) + found[i].length(0);
    const size_t to = i + 1 < found.size() ? found[i + 1].position(0) : part.size();
    out[found[i][1]] = {found[i][2], part.substr(from, to - from)};
  }
  return out;
}

TEST(VerbsTest, WireNamesAreUniqueAndFound) {
  std::set<std::string_view> names;
  for (const Verb* v : AllVerbs()) {
    EXPECT_TRUE(names.insert(v->wire).second) << v->wire;
    EXPECT_EQ(FindVerb(v->wire), v);
  }
  EXPECT_EQ(FindVerb("sendSignal"), nullptr);
  EXPECT_EQ(kSignal.wire, "signal");
  EXPECT_EQ(kSignal.cli_name(), "sendSignal");
  EXPECT_EQ(kStop.cli_name(), "stop");
}

TEST(VerbsTest, ProtocolDocHasASectionForEveryVerbAndNoOther) {
  const auto sections = CommandSections(ReadProtocolDoc());
  ASSERT_FALSE(sections.empty());
  for (const Verb* v : AllVerbs())
    EXPECT_EQ(sections.count(std::string(v->wire)), 1u) << "no section for " << v->wire;
  for (const auto& [name, section] : sections)
    EXPECT_NE(FindVerb(name), nullptr) << "docs/protocol.md documents unknown command " << name;
}

TEST(VerbsTest, ProtocolDocNamesEveryArgumentKey) {
  const auto sections = CommandSections(ReadProtocolDoc());
  for (const Verb* v : AllVerbs()) {
    auto it = sections.find(std::string(v->wire));
    if (it == sections.end()) continue;  // reported above
    const std::string& body = it->second.second;
    if (v->args.size() == 0) {
      EXPECT_NE(body.find("No args."), std::string::npos) << v->wire;
    }
    for (const ArgRow& a : v->args) {
      EXPECT_NE(body.find("\"" + std::string(a.name) + "\""), std::string::npos)
          << "docs/protocol.md: `" << v->wire << "` does not name argument " << a.name;
    }
  }
}

TEST(VerbsTest, ProtocolDocMarksStreams) {
  const auto sections = CommandSections(ReadProtocolDoc());
  for (const Verb* v : AllVerbs()) {
    auto it = sections.find(std::string(v->wire));
    if (it == sections.end()) continue;
    EXPECT_EQ(it->second.first.find("(stream)") != std::string::npos, v->streams()) << v->wire;
  }
}

TEST(VerbsTest, ProtocolDocListsTheCommandsServedWhileShuttingDown) {
  const std::string doc = ReadProtocolDoc();
  const size_t from = doc.find("commands other than");
  const size_t to = doc.find("are refused", from);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  const std::string list = doc.substr(from, to - from);
  std::set<std::string> documented;
  const std::regex name("`([A-Za-z]+)`");
  for (std::sregex_iterator it(list.begin(), list.end(), name), stop; it != stop; ++it)
    documented.insert((*it)[1]);
  std::set<std::string> flagged;
  for (const Verb* v : AllVerbs()) {
    if (v->allowed_while_shutting_down()) flagged.insert(std::string(v->wire));
  }
  EXPECT_EQ(documented, flagged);
}

TEST(VerbsTest, FirstUnknownArgNamesAKeyTheRowLacks) {
  EXPECT_EQ(FirstUnknownArg(kList, nlohmann::json::object()), "");
  EXPECT_EQ(FirstUnknownArg(kList, nullptr), "");
  EXPECT_EQ(FirstUnknownArg(kList, {{"brief", true}, {"format", "pm2"}}), "");
  EXPECT_EQ(FirstUnknownArg(kList, {{"brief", true}, {"sort", "cpu"}}), "sort");
  EXPECT_EQ(FirstUnknownArg(kPing, {{"targets", {"all"}}}), "targets");
}

TEST(VerbsTest, ArgsBuildsTypedValues) {
  const auto json = Args()
                        .Set(arg::kTargets, {"api", "1"})
                        .Set(arg::kBrief, true)
                        .Set(arg::kLines, 20)
                        .Set(arg::kStream, "err")
                        .json();
  EXPECT_EQ(json, nlohmann::json::parse(
                      R"({"targets":["api","1"],"brief":true,"lines":20,"stream":"err"})"));
  EXPECT_TRUE(Args().json().is_object());
}

}  // namespace
}  // namespace tend::ipc
